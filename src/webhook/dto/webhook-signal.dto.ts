/**
 * The TradingView alert message, as the seed defines it, validated at the
 * edge. Numbers may arrive as strings (TradingView placeholders); `action`
 * also takes `{{strategy.market_position}}` words. Other fields are checked
 * against the table in signal-fields.ts before this DTO runs.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import Decimal from 'decimal.js';
import {
  describe,
  IsBalanceFraction,
  IsDecimalBetween,
  IsIntegerBetween,
  ToBalanceFraction,
  ToExactDecimal,
  ToExactInteger,
} from './decimal-validators';

export type SignalAction = 'buy' | 'sell' | 'close';

/** Also {{strategy.market_position}}'s long / short / flat, and exit for close. */
const ACTION_WORDS: Record<string, SignalAction> = {
  buy: 'buy',
  sell: 'sell',
  close: 'close',
  exit: 'close',
  long: 'buy',
  short: 'sell',
  flat: 'close',
};

export class WebhookSignalDto {
  @ApiProperty({ description: 'Trading pair. Also accepted: btc, BTCUSDT.P, BINANCE:ETHUSDT.P, BTCUSDTUSDT (normalised to a Binance perpetual).', example: 'BTCUSDT' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  // class-validator runs these bottom-up and stops at the first failure.
  @Matches(/^[\w.:/ -]+$/, { message: 'symbol may only contain letters, digits and . : / - _' })
  @MaxLength(40, { message: 'symbol must be at most 40 characters' })
  @IsNotEmpty({ message: 'symbol must not be empty' })
  @IsString({ message: 'symbol must be a text such as "BTCUSDT"' })
  symbol!: string;

  @ApiProperty({
    description:
      'buy, sell or close (any case); long, short and flat ({{strategy.market_position}}) and exit are accepted too.',
    enum: ['buy', 'sell', 'close'],
    example: 'buy',
  })
  @Transform(({ value }) => (typeof value === 'string' ? (ACTION_WORDS[value.trim().toLowerCase()] ?? value) : value))
  @IsIn(['buy', 'sell', 'close'], {
    message: (args) => `action must be buy, sell or close (or long, short, flat, exit) (got ${describe(args.value)})`,
  })
  action!: SignalAction;

  @ApiPropertyOptional({
    description:
      'Share of the USDT balance used as margin: a fraction 0.01–1.0, or a percentage "1%"–"100%" ("25%" is 0.25). ' +
      'Required for buy and sell, ignored for close. 1.0 leaves room for the opening fee.',
    example: 0.25,
    // Like every number of the message it may also arrive as text ("0.25", "25%").
    type: Number,
  })
  @ValidateIf((signal: WebhookSignalDto) => signal.action !== 'close')
  @ToBalanceFraction()
  @IsBalanceFraction()
  balance_percentage?: Decimal;

  @ApiPropertyOptional({ description: 'Leverage, an integer 1–125 (and within the symbol maximum). Required for buy and sell.', example: 10, type: Number })
  @ValidateIf((signal: WebhookSignalDto) => signal.action !== 'close' || signal.leverage !== undefined)
  @ToExactInteger()
  @IsIntegerBetween(1, 125)
  leverage?: number;

  @ApiPropertyOptional({ description: 'Reference entry price (e.g. {{close}}), > 0. Orders use the exchange price; paper mode falls back to this one.', example: 50000, type: Number })
  @IsOptional()
  @ToExactDecimal()
  @IsDecimalBetween('0', undefined)
  entry?: Decimal;

  @ApiPropertyOptional({ description: 'ISOLATED or CROSSED; overrides DEFAULT_MARGIN_TYPE.', enum: ['ISOLATED', 'CROSSED'] })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase().replace(/^CROSS$/, 'CROSSED') : value))
  @IsIn(['ISOLATED', 'CROSSED'], { message: (args) => `margin_type must be ISOLATED or CROSSED (got ${describe(args.value)})` })
  margin_type?: 'ISOLATED' | 'CROSSED';

  @ApiPropertyOptional({ description: 'Your own id for this alert; a signal id is executed at most once per route.', example: 'ma-cross-2025-10-03T10:30' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'number' ? String(value) : value))
  @IsString({ message: 'id must be a text' })
  @MaxLength(64, { message: 'id must be at most 64 characters' })
  id?: string;
}
