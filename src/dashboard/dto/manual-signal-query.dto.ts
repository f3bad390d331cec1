/** POST /api/admin/signals?route=…: which webhook the signal fired by hand stands for. */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { DIRECT_ROUTE_NAMES, DirectRoute } from '../../webhook/webhook-routes';

/** A bot's alerts need its slug and secret: fired by hand, a signal stands for one of the direct routes. */
export const MANUAL_ROUTES: DirectRoute[] = DIRECT_ROUTE_NAMES;

export class ManualSignalQueryDto {
  @ApiPropertyOptional({ enum: MANUAL_ROUTES, default: 'advanced-trading' })
  @IsIn(MANUAL_ROUTES, { message: `must be one of ${MANUAL_ROUTES.join(', ')}` })
  route: DirectRoute = 'advanced-trading';
}
