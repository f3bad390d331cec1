/** Filters and pagination of the admin history routes. */
import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { CursorPageQuery } from '../../common/page-query.dto';
import { Transform } from 'class-transformer';
import { canonicalSymbol } from '../../webhook/symbol-normaliser';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { WEBHOOK_ROUTE_NAMES, WebhookRoute } from '../../webhook/webhook-routes';
import { ORDER_SIDES, OrderSide } from '../../exchange/exchange.port';
import { RECORDED_ACTIONS, RECORDED_STATUSES, RecordedAction, RecordedStatus } from '../../journal/signal-record';

const lower = (words: readonly string[]) => words.map((word) => word.toLowerCase());
const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);
/** Any symbol form the webhooks take (btc, BTCUSDT.P, BINANCE:BTCUSDT.P) finds the recorded BTCUSDT. */
const symbolForm = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() ? canonicalSymbol(value) : value;

export class WindowQueryDto {
  @ApiPropertyOptional({ description: 'From this time (inclusive), ISO 8601', example: '2026-11-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date or time' })
  from?: string;

  @ApiPropertyOptional({ description: 'Up to this time (exclusive), ISO 8601', example: '2026-12-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date or time' })
  to?: string;

  @ApiPropertyOptional({
    description: 'Only this bot\'s alerts and executions (GET /api/admin/bots; "default": today\'s routes)',
    example: 'default',
  })
  @IsOptional()
  @IsString({ message: 'must be a bot id' })
  @MaxLength(64)
  bot_id?: string;

  @ApiPropertyOptional({
    description: "Only this account's executions and orders (GET /api/admin/accounts)",
    example: 'default',
  })
  @IsOptional()
  @IsString({ message: 'must be an account id' })
  @MaxLength(64)
  account_id?: string;
}

/** A time window and a page of it. */
export class PageQueryDto extends IntersectionType(WindowQueryDto, CursorPageQuery('nextCursor')) {}

export class SignalsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'BTCUSDT', description: 'Any form webhooks take: BTCUSDT, btc, BINANCE:BTCUSDT.P' })
  @IsOptional()
  @Transform(symbolForm)
  @IsString()
  @MaxLength(40)
  symbol?: string;

  @ApiPropertyOptional({ enum: lower(RECORDED_ACTIONS), description: 'target: target-position alerts' })
  @IsOptional()
  @Transform(upper)
  @IsIn(RECORDED_ACTIONS, { message: 'must be buy, sell, close or target' })
  action?: RecordedAction;

  @ApiPropertyOptional({ enum: lower(RECORDED_STATUSES) })
  @IsOptional()
  @Transform(upper)
  @IsIn(RECORDED_STATUSES, {
    message: `must be one of ${lower(RECORDED_STATUSES).join(', ')}`,
  })
  status?: RecordedStatus;

  @ApiPropertyOptional({ enum: WEBHOOK_ROUTE_NAMES, description: "bot: every bot's alerts (recorded as bot:<slug>)" })
  @IsOptional()
  @IsIn(WEBHOOK_ROUTE_NAMES, { message: `must be ${WEBHOOK_ROUTE_NAMES.join(' or ')}` })
  route?: WebhookRoute;
}

export class OrdersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'BTCUSDT', description: 'Any form webhooks take: BTCUSDT, btc, BINANCE:BTCUSDT.P' })
  @IsOptional()
  @Transform(symbolForm)
  @IsString()
  @MaxLength(40)
  symbol?: string;

  @ApiPropertyOptional({ enum: lower(ORDER_SIDES) })
  @IsOptional()
  @Transform(upper)
  @IsIn(ORDER_SIDES, { message: 'must be buy or sell' })
  side?: OrderSide;

  @ApiPropertyOptional({
    enum: ['pending', 'new', 'partially_filled', 'filled', 'canceled', 'expired', 'rejected', 'failed', 'unknown'],
  })
  @IsOptional()
  @Transform(upper)
  @IsIn(['PENDING', 'NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'EXPIRED', 'REJECTED', 'FAILED', 'UNKNOWN'], {
    message: 'must be an order status such as filled or failed',
  })
  status?:
    'PENDING' | 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED' | 'REJECTED' | 'FAILED' | 'UNKNOWN';
}

export class PositionsQueryDto {
  @ApiPropertyOptional({
    description: "This account's positions and balance (GET /api/admin/accounts); default: the default account",
    example: 'default',
  })
  @IsOptional()
  @IsString({ message: 'must be an account id' })
  @MaxLength(64)
  account_id?: string;
}

export class ProtectionQueryDto {
  @ApiPropertyOptional({
    example: 'BTCUSDT',
    description: 'Only this symbol; any form webhooks take: BTCUSDT, btc, BINANCE:BTCUSDT.P',
  })
  @IsOptional()
  @Transform(symbolForm)
  @IsString()
  @MaxLength(40)
  symbol?: string;
}
