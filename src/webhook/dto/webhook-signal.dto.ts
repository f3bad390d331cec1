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
  Max100,
  ToBalanceFraction,
  ToExactDecimal,
  ToExactInteger,
} from './decimal-validators';

export type SignalAction = 'buy' | 'sell' | 'close';
export type MarketPositionWord = 'long' | 'short' | 'flat';

/** TradingView's {{strategy.market_position}} words, any case; an empty placeholder is "not given". */
const toPositionWord = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? (value.trim() === '' ? undefined : value.trim().toLowerCase()) : value;

/** Target alerts (market_position) carry no action; buy/sell and target sizing by balance need the sizing fields. */
const isTarget = (signal: WebhookSignalDto) => signal.market_position !== undefined && signal.market_position !== null;
const sizesFromBalance = (signal: WebhookSignalDto) =>
  isTarget(signal)
    ? signal.market_position !== 'flat' && (signal.market_position_size === undefined || signal.market_position_size === null)
    : signal.action !== 'close';

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
  @ValidateIf((signal: WebhookSignalDto) => !isTarget(signal) || signal.action !== undefined)
  @IsIn(['buy', 'sell', 'close'], {
    message: (args) => `action must be buy, sell or close (or long, short, flat, exit) (got ${describe(args.value)})`,
  })
  action!: SignalAction;

  @ApiPropertyOptional({
    description:
      'Share of the USDT balance used as margin: a fraction 0.01–1.0, or a percentage "1%"–"100%" ("25%" is 0.25). ' +
      'Required for buy and sell and for a target sized from the balance, ignored for close. ' +
      '1.0 leaves room for the opening fee.',
    example: 0.25,
    // Like every number of the message it may also arrive as text ("0.25", "25%").
    type: Number,
  })
  @ValidateIf(
    (signal: WebhookSignalDto) => sizesFromBalance(signal) || (isTarget(signal) && signal.balance_percentage != null),
  )
  @ToBalanceFraction()
  @IsBalanceFraction()
  balance_percentage?: Decimal;

  @ApiPropertyOptional({ description: 'Leverage, an integer 1–125 (and within the symbol maximum). Required for buy and sell.', example: 10, type: Number })
  @ValidateIf((signal: WebhookSignalDto) => sizesFromBalance(signal) || signal.leverage !== undefined)
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

  @ApiPropertyOptional({
    description:
      'close only: the share of the position to close, (0–100] percent ("50" or "50%"), rounded down to the market step. ' +
      'When the rest would be under the minimum order, all of it is closed and the answer says so.',
    example: 50,
    type: Number,
  })
  @IsOptional()
  @ToExactDecimal({ percentSign: true })
  @IsDecimalBetween('0', undefined)
  @Max100()
  close_percentage?: Decimal;

  @ApiPropertyOptional({
    description: 'close only: the quantity to close, in the base asset (e.g. ETH), > 0, rounded down to the market step.',
    example: 0.5,
    type: Number,
  })
  @IsOptional()
  @ToExactDecimal()
  @IsDecimalBetween('0', undefined)
  close_quantity?: Decimal;

  @ApiPropertyOptional({
    description:
      'Target position ({{strategy.market_position}}): long, short or flat, any case, instead of action. Only the ' +
      'difference from what the account holds is traded: a repeated, late or out-of-order alert cannot over-trade.',
    enum: ['long', 'short', 'flat'],
    example: 'long',
  })
  @IsOptional()
  @Transform(toPositionWord)
  @IsIn(['long', 'short', 'flat'], {
    message: (args) => `market_position must be long, short or flat (got ${describe(args.value)})`,
  })
  market_position?: MarketPositionWord;

  @ApiPropertyOptional({
    description:
      'Target size in the base asset ({{strategy.market_position_size}}), rounded down to the market step; 0 with ' +
      'flat. Or leave it out and give balance_percentage and leverage to size the target as buy/sell would.',
    example: 0.3,
    type: Number,
  })
  @IsOptional()
  @ToExactDecimal()
  @IsDecimalBetween('0', '1000000000')
  market_position_size?: Decimal;

  @ApiPropertyOptional({
    description: 'The position before this order ({{strategy.prev_market_position}}): long, short or flat. Recorded.',
    enum: ['long', 'short', 'flat'],
    example: 'flat',
  })
  @IsOptional()
  @Transform(toPositionWord)
  @IsIn(['long', 'short', 'flat'], {
    message: (args) => `prev_market_position must be long, short or flat (got ${describe(args.value)})`,
  })
  prev_market_position?: MarketPositionWord;
}
