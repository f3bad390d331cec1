/** POST /api/admin/signals?route=…: which webhook the signal fired by hand stands for. */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { WEBHOOK_ROUTE_NAMES, WebhookRoute } from '../../webhook/webhook-routes';

export const MANUAL_ROUTES: WebhookRoute[] = WEBHOOK_ROUTE_NAMES;

export class ManualSignalQueryDto {
  @ApiPropertyOptional({ enum: MANUAL_ROUTES, default: 'advanced-trading' })
  @IsIn(MANUAL_ROUTES, { message: `must be one of ${MANUAL_ROUTES.join(', ')}` })
  route: WebhookRoute = 'advanced-trading';
}
