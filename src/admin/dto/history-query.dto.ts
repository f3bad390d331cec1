/** Filters and pagination of the admin history routes. */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { canonicalSymbol } from '../../webhook/symbol-normaliser';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

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
}

export class PageQueryDto extends WindowQueryDto {
  @ApiPropertyOptional({ description: 'Page size, 1–200', default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be an integer from 1 to 200' })
  @Min(1, { message: 'must be an integer from 1 to 200' })
  @Max(200, { message: 'must be an integer from 1 to 200' })
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export class SignalsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'BTCUSDT', description: 'Any form webhooks take: BTCUSDT, btc, BINANCE:BTCUSDT.P' })
  @IsOptional()
  @Transform(symbolForm)
  @IsString()
  @MaxLength(40)
  symbol?: string;

  @ApiPropertyOptional({ enum: ['buy', 'sell', 'close', 'target'], description: 'target: target-position alerts' })
  @IsOptional()
  @Transform(upper)
  @IsIn(['BUY', 'SELL', 'CLOSE', 'TARGET'], { message: 'must be buy, sell, close or target' })
  action?: 'BUY' | 'SELL' | 'CLOSE' | 'TARGET';

  @ApiPropertyOptional({ enum: ['received', 'processing', 'executed', 'failed', 'rejected', 'skipped', 'duplicate'] })
  @IsOptional()
  @Transform(upper)
  @IsIn(['RECEIVED', 'PROCESSING', 'EXECUTED', 'FAILED', 'REJECTED', 'SKIPPED', 'DUPLICATE'], {
    message: 'must be one of received, processing, executed, failed, rejected, skipped, duplicate',
  })
  status?: 'RECEIVED' | 'PROCESSING' | 'EXECUTED' | 'FAILED' | 'REJECTED' | 'SKIPPED' | 'DUPLICATE';

  @ApiPropertyOptional({ enum: ['advanced-trading', 'state-aware-ma-cross'] })
  @IsOptional()
  @IsIn(['advanced-trading', 'state-aware-ma-cross'], { message: 'must be advanced-trading or state-aware-ma-cross' })
  route?: string;
}

export class OrdersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'BTCUSDT', description: 'Any form webhooks take: BTCUSDT, btc, BINANCE:BTCUSDT.P' })
  @IsOptional()
  @Transform(symbolForm)
  @IsString()
  @MaxLength(40)
  symbol?: string;

  @ApiPropertyOptional({ enum: ['buy', 'sell'] })
  @IsOptional()
  @Transform(upper)
  @IsIn(['BUY', 'SELL'], { message: 'must be buy or sell' })
  side?: 'BUY' | 'SELL';

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
