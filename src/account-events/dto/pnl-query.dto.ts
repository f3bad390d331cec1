/** GET /api/admin/pnl: grouping, window and symbol. */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { canonicalSymbol } from '../../webhook/symbol-normaliser';

const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
const symbolForm = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() ? canonicalSymbol(value) : value;

export class PnlQueryDto {
  @ApiPropertyOptional({ enum: ['day', 'symbol'], default: 'day', description: 'One row per UTC day, or per symbol' })
  @IsOptional()
  @Transform(lower)
  @IsIn(['day', 'symbol'], { message: 'must be day or symbol' })
  group?: 'day' | 'symbol';

  @ApiPropertyOptional({ description: 'From this time (inclusive), ISO 8601', example: '2026-11-01' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date or time' })
  from?: string;

  @ApiPropertyOptional({ description: 'Up to this time (exclusive), ISO 8601', example: '2026-12-01' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date or time' })
  to?: string;

  @ApiPropertyOptional({ example: 'BTCUSDT', description: 'Any form webhooks take: BTCUSDT, btc, BINANCE:BTCUSDT.P' })
  @IsOptional()
  @Transform(symbolForm)
  @IsString()
  @MaxLength(40)
  @Matches(/^[A-Z0-9]+$/, { message: 'must be a symbol such as BTCUSDT' })
  symbol?: string;
}
