/** GET /api/admin/klines: which symbol, which candle size, how many. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import type { KlineInterval } from '../../exchange/exchange.port';
import { canonicalSymbol } from '../../webhook/symbol-normaliser';

export const KLINE_INTERVALS: KlineInterval[] = ['1m', '5m', '15m', '1h', '4h', '1d'];

export class KlinesQueryDto {
  @ApiProperty({ example: 'BTCUSDT', description: 'Any form webhooks take: BTCUSDT, btc, BINANCE:BTCUSDT.P' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && value.trim() ? canonicalSymbol(value) : value,
  )
  @IsString({ message: 'must be a symbol such as BTCUSDT' })
  @Matches(/^[A-Z0-9_]{2,40}$/, { message: 'must be a symbol such as BTCUSDT' })
  symbol!: string;

  @ApiPropertyOptional({ enum: KLINE_INTERVALS, default: '1m' })
  @IsIn(KLINE_INTERVALS, { message: `must be one of ${KLINE_INTERVALS.join(', ')}` })
  interval: KlineInterval = '1m';

  @ApiPropertyOptional({ description: 'Candles, 1–1000', default: 300 })
  @Type(() => Number)
  @IsInt({ message: 'must be an integer from 1 to 1000' })
  @Min(1, { message: 'must be an integer from 1 to 1000' })
  @Max(1000, { message: 'must be an integer from 1 to 1000' })
  limit = 300;
}
