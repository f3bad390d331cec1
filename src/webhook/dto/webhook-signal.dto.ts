/**
 * The TradingView alert message, as the webhook documents it, validated at the
 * edge. Numbers may arrive as strings (TradingView placeholders); `action`
 * also takes `{{strategy.market_position}}` words. Other fields are checked
 * against the table in signal-fields.ts before this DTO runs.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import Decimal from 'decimal.js';
import { MARGIN_TYPES, MarginType } from '../../common/margin-types';
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
/** null, undefined or blank text: a TradingView placeholder left empty. */
const isBlankValue = (value: unknown) =>
  value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
const sizesFromBalance = (signal: WebhookSignalDto) =>
  isTarget(signal)
    ? signal.market_position !== 'flat' &&
      (signal.market_position_size === undefined || signal.market_position_size === null)
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

/** The action an alert's `action` text means (any case, aliases included), or undefined when it means none. */
export function actionOf(value: unknown): SignalAction | undefined {
  if (typeof value !== 'string') return undefined;
  const word = value.trim().toLowerCase();
  // Own words only: "constructor" is not an action.
  return Object.hasOwn(ACTION_WORDS, word) ? ACTION_WORDS[word] : undefined;
}

export class WebhookSignalDto {
  @ApiProperty({
    description:
      'Trading pair. Also accepted: btc, BTCUSDT.P, BINANCE:ETHUSDT.P, BTCUSDTUSDT (normalised to a Binance ' +
      'perpetual).',
    example: 'BTCUSDT',
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
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
  @Transform(({ value }: { value: unknown }) => actionOf(value) ?? value)
  @ValidateIf((signal: WebhookSignalDto) => !isTarget(signal) || signal.action !== undefined)
  @IsIn(['buy', 'sell', 'close'], {
    message: (args) => `action must be buy, sell or close (or long, short, flat, exit) (got ${describe(args.value)})`,
  })
  action!: SignalAction;

  @ApiPropertyOptional({
    description:
      'Share of the USDT balance used as margin: a fraction 0.01–1.0, or a percentage "1%"–"100%" ("25%" is 0.25). ' +
      'For buy and sell, exactly one of balance_percentage, quantity, usdt or risk_percentage sizes the ' +
      'position; a target may be sized from the balance with it; ignored for close. 1.0 leaves room for the ' +
      'opening fee.',
    example: 0.25,
    // Like every number of the message it may also arrive as text ("0.25", "25%").
    type: Number,
  })
  @ValidateIf((signal: WebhookSignalDto) =>
    isTarget(signal)
      ? sizesFromBalance(signal) || signal.balance_percentage != null
      : signal.action !== 'close' && !isBlankValue(signal.balance_percentage),
  )
  @ToBalanceFraction()
  @IsBalanceFraction()
  balance_percentage?: Decimal;

  @ApiPropertyOptional({
    description: 'Leverage, an integer 1–125 (and within the symbol maximum). Required for buy and sell.',
    example: 10,
    type: Number,
  })
  @ValidateIf((signal: WebhookSignalDto) => sizesFromBalance(signal) || signal.leverage !== undefined)
  @ToExactInteger()
  @IsIntegerBetween(1, 125)
  leverage?: number;

  @ApiPropertyOptional({
    description:
      'Reference entry price (e.g. {{close}}), > 0. Orders use the exchange price; paper mode falls back to this one.',
    example: 50000,
    type: Number,
  })
  @IsOptional()
  @ToExactDecimal()
  @IsDecimalBetween('0', undefined)
  entry?: Decimal;

  @ApiPropertyOptional({
    description: 'ISOLATED or CROSSED; overrides DEFAULT_MARGIN_TYPE.',
    enum: MARGIN_TYPES,
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .trim()
          .toUpperCase()
          .replace(/^CROSS$/, 'CROSSED')
      : value,
  )
  @IsIn(MARGIN_TYPES, {
    message: (args) => `margin_type must be ${MARGIN_TYPES.join(' or ')} (got ${describe(args.value)})`,
  })
  margin_type?: MarginType;

  @ApiPropertyOptional({
    description: 'Your own id for this alert; a signal id is executed at most once per route.',
    example: 'ma-cross-2025-10-03T10:30',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'number' ? String(value) : value))
  @IsString({ message: 'id must be a text' })
  @MaxLength(64, { message: 'id must be at most 64 characters' })
  id?: string;

  @ApiPropertyOptional({
    description:
      'close only: the share of the position to close, (0–100] percent ("50" or "50%"), rounded down to the market ' +
      'step. When the rest would be under the minimum order, all of it is closed and the answer says so.',
    example: 50,
    type: Number,
  })
  @IsOptional()
  @ToExactDecimal({ percentSign: true })
  @IsDecimalBetween('0', undefined)
  @Max100()
  close_percentage?: Decimal;

  @ApiPropertyOptional({
    description:
      'close only: the quantity to close, in the base asset (e.g. ETH), > 0, rounded down to the market step.',
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

  // The fields below are checked by webhook/sizing-fields.ts, protection-fields.ts and signal-age.ts
  // (their forms mix numbers, text and objects); they are declared here for the API documentation.

  @ApiPropertyOptional({
    description:
      'Sizing: a fixed order quantity in the base asset (0.01 BTC), rounded down to the lot step. ' +
      'Exactly one sizing field.',
    example: 0.01,
    type: Number,
  })
  quantity?: unknown;

  @ApiPropertyOptional({
    description:
      'Sizing: the position value in USDT (margin = usdt ÷ leverage). Alias quantity_usdt. Exactly one sizing field.',
    example: 500,
    type: Number,
  })
  usdt?: unknown;

  @ApiPropertyOptional({
    description:
      'Sizing: the share of the balance lost if the stop loss is hit, a fraction up to 0.1 or "0.5%"–"10%". ' +
      'quantity = balance × risk ÷ |price − stop|, capped by leverage and the symbol filters. Needs stop_loss.',
    example: 0.01,
    type: Number,
  })
  risk_percentage?: unknown;

  @ApiPropertyOptional({
    description:
      'Stop loss on the exchange (STOP_MARKET, closes the whole position): a price, "2%" or {"percent": 2} ' +
      "from the fill. A long's stop below the price, a short's above; rounded to the tick.",
    example: { percent: 2 },
  })
  stop_loss?: unknown;

  @ApiPropertyOptional({
    description: 'One take profit (TAKE_PROFIT_MARKET for the whole position): a price, "4%" or {"percent": 4}.',
    example: 52000,
  })
  take_profit?: unknown;

  @ApiPropertyOptional({
    description:
      'A ladder of up to 5 take profits, each a price or percent plus size_percent ' +
      '(the sizes add up to at most 100).',
    example: [
      { price: 52000, size_percent: 50 },
      { percent: 8, size_percent: 50 },
    ],
  })
  take_profits?: unknown;

  @ApiPropertyOptional({
    description:
      'Trailing stop (TRAILING_STOP_MARKET): callback_rate 0.1–10 (percent), ' +
      'optional activation_price or activation_percent.',
    example: { callback_rate: 1, activation_percent: 2 },
  })
  trailing_stop?: unknown;

  @ApiPropertyOptional({
    description: 'After the first take profit fills, move the stop loss to the entry price plus fees.',
    example: true,
    type: Boolean,
  })
  break_even?: unknown;

  @ApiPropertyOptional({
    description: 'Price the triggers watch: MARK_PRICE (default) or CONTRACT_PRICE.',
    enum: ['MARK_PRICE', 'CONTRACT_PRICE'],
  })
  working_type?: unknown;

  @ApiPropertyOptional({
    description:
      'When the alert was sent ({{timenow}}); with max_age_s or MAX_SIGNAL_AGE_S an older alert is refused ' +
      '(422 STALE).',
    example: '2025-10-03T10:30:00Z',
  })
  time?: unknown;

  @ApiPropertyOptional({
    description: 'Refuse this alert when it arrives more than this many seconds after `time` (1–86400).',
    example: 60,
    type: Number,
  })
  max_age_s?: unknown;
}
