/** Filters and pagination of GET /api/admin/notifications/deliveries. */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import { CursorPageQuery } from '../../common/page-query.dto';
import { CHANNELS, EVENT_TYPES } from '../notification-events';

export const DELIVERY_STATUSES = ['PENDING', 'SENDING', 'DELIVERED', 'FAILED'] as const;

export class DeliveriesQueryDto extends CursorPageQuery('next_cursor') {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES.map((s) => s.toLowerCase()) })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsIn(DELIVERY_STATUSES, { message: 'must be pending, sending, delivered or failed' })
  status?: (typeof DELIVERY_STATUSES)[number];

  @ApiPropertyOptional({ enum: CHANNELS })
  @IsOptional()
  @IsIn(CHANNELS, { message: `must be one of ${CHANNELS.join(', ')}` })
  channel?: (typeof CHANNELS)[number];

  @ApiPropertyOptional({ enum: EVENT_TYPES })
  @IsOptional()
  @IsIn(EVENT_TYPES, { message: 'must be an event type such as signal.executed' })
  type?: (typeof EVENT_TYPES)[number];
}
