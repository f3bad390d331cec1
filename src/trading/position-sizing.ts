/**
 * The basic sizing formula, exactly:
 *   position value = balance × balance_percentage × leverage
 *   quantity       = position value ÷ current price
 * rounded DOWN to the market lot step, capped at the maximum quantity and at
 * the position value the leverage bracket allows (when known), and refused
 * (with the numbers and the smallest balance_percentage that would
 * pass) below the minimum quantity or the minimum notional. Pure decimals.
 *
 * The exchange takes the opening fee out of the same available balance as the
 * margin, so 100% of the balance as margin would be refused (-2019). When the
 * asked margin fits the room but margin plus fees does not, the position value
 * is lowered to the largest whose margin and fee fit exactly:
 *   value × (1 / leverage + fee rate) = room − deductions
 * A margin that does not fit even without the fee is left as asked: the
 * exchange refuses it and the trader hears why, rather than getting a smaller
 * position than asked with "success".
 */
import Decimal from 'decimal.js';
import { SymbolRules } from '../exchange/symbol-rules';

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

/** What the order's margin and opening fee must fit in. */
export interface MarginRoom {
  /** The available balance, plus the margin the same trade frees first (a one-way reversal). */
  available: Decimal;
  /** Taken from `available` before the open: the closing half's fee and an isolated position's loss. */
  deductions: Decimal;
  /** Taker fee rate of the MARKET order (fees.ts). */
  takerFeeRate: Decimal;
}

/**
 * What the alert sized the position with (exactly one, webhook/sizing-fields.ts):
 *   balance_percentage: value = balance × fraction × leverage (the basic formula)
 *   quantity:           value = quantity × price
 *   usdt:               value as given
 *   risk_percentage:    quantity = balance × fraction ÷ |price − stop|, capped at
 *                       balance × leverage ÷ price (what the leverage allows)
 * An exact quantity or value is never lowered to fit the fee: the exchange
 * refuses a margin it cannot take, and the trader hears why.
 */
export type SizingMode =
  | { kind: 'balance_percentage'; fraction: Decimal }
  | { kind: 'quantity'; quantity: Decimal }
  | { kind: 'usdt'; value: Decimal }
  | { kind: 'risk_percentage'; fraction: Decimal };

export interface SizingInput {
  balance: Decimal;
  /** The basic sizing; ignored when `mode` is given. */
  balancePercentage?: Decimal;
  mode?: SizingMode;
  /** risk_percentage: the stop loss price the risk is measured to. */
  stopPrice?: Decimal;
  leverage: number;
  price: Decimal;
  rules: Pick<SymbolRules, 'symbol' | 'baseAsset' | 'marketStepSize' | 'marketMinQty' | 'marketMaxQty' | 'minNotional'>;
  /** Without it the fee is not considered (the basic formula alone). */
  room?: MarginRoom;
  /**
   * Room left under Binance's leverage bracket at this leverage: the bracket's
   * notional cap less the position already held on this side. Above it Binance
   * refuses the order (-2027), so the quantity is lowered to fit, as for maxQty.
   */
  maxNotional?: Decimal;
  /**
   * The account's own maximum position value on the symbol (its max_position_value_usdt) and the value
   * already held on this side: the entry is capped to the difference, as to the bracket's room.
   */
  accountCap?: { maxPositionValue: Decimal; held: Decimal };
  /**
   * The account's sizing multiplier, which already scaled the alert's size (webhook/account-limits.ts):
   * the advice names the alert's value that would pass, i.e. the account's divided by it.
   */
  sizingMultiplier?: Decimal;
}

export interface Sizing {
  positionValue: Decimal;
  rawQuantity: Decimal;
  quantity: Decimal;
  notional: Decimal;
  stepSize: Decimal;
  minQty: Decimal;
  maxQty: Decimal;
  minNotional: Decimal;
  /** True when the quantity was lowered to the symbol's maximum or the bracket's room. */
  capped: boolean;
  /** True when the position value was lowered so that margin plus opening fee fit the room. */
  feeCapped: boolean;
  /** notional × taker fee rate, when a room was given. */
  openingFee?: Decimal;
  /** max-notional: the leverage bracket's room; max-position-value: the account's own maximum. */
  cappedBy?: 'max-quantity' | 'max-notional' | 'max-position-value';
  /** The room the quantity was held to (the bracket's or the account's), when there was one. */
  maxNotional?: Decimal;
  /** The account's maximum position value, when it capped the quantity. */
  maxPositionValue?: Decimal;
  /** risk_percentage: true when the risk asked needed more than the leverage allows (lowered to it). */
  riskCapped?: boolean;
}

/** The position value the alert asks for, before rounding and filters (and whether the leverage capped it). */
export function askedPositionValue(input: SizingInput): { value: Decimal; riskCapped: boolean; exact: boolean } {
  const balance = new D(input.balance);
  const mode: SizingMode = input.mode ?? { kind: 'balance_percentage', fraction: input.balancePercentage! };
  switch (mode.kind) {
    case 'balance_percentage':
      return { value: balance.mul(mode.fraction).mul(input.leverage), riskCapped: false, exact: false };
    case 'quantity':
      return { value: new D(mode.quantity).mul(input.price), riskCapped: false, exact: true };
    case 'usdt':
      return { value: new D(mode.value), riskCapped: false, exact: true };
    case 'risk_percentage': {
      if (!input.stopPrice) throw new Error('risk sizing needs the stop price');
      const distance = new D(input.price).sub(input.stopPrice).abs();
      if (distance.isZero()) throw new Error('the stop price equals the price');
      const atRisk = balance.mul(mode.fraction).div(distance).mul(input.price);
      const allowed = balance.mul(input.leverage);
      return atRisk.gt(allowed)
        ? { value: allowed, riskCapped: true, exact: false }
        : { value: atRisk, riskCapped: false, exact: false };
    }
  }
}

/** The balance margin plus opening fee must fit in: the room less what is taken before the open. */
export function roomForMarginAndFee(room: MarginRoom): Decimal {
  return Decimal.max(0, room.available.sub(room.deductions));
}

/** The position value asked, or, when only fees (and a close's loss) push it over the room, the largest that fits. */
function fittingPositionValue(
  asked: Decimal,
  leverage: number,
  room: MarginRoom | undefined,
): { value: Decimal; feeCapped: boolean } {
  if (!room) return { value: asked, feeCapped: false };
  const margin = new D(asked).div(leverage);
  const fits = roomForMarginAndFee(room);
  const asIs = { value: asked, feeCapped: false };
  if (margin.gt(room.available) || margin.add(asked.mul(room.takerFeeRate)).lte(fits)) return asIs;
  const fitting = new D(fits).mul(leverage).div(new D(1).add(new D(room.takerFeeRate).mul(leverage)));
  // Rounded down at 18 places so that value / leverage + value × fee never exceeds the room.
  return { value: fitting.toDecimalPlaces(18, Decimal.ROUND_DOWN), feeCapped: true };
}

export class SizingError extends Error {
  constructor(
    message: string,
    readonly reason: 'below-min-quantity' | 'below-min-notional' | 'no-balance' | 'above-max-position',
    readonly smallestBalancePercentage: Decimal | undefined,
    readonly suggestions: string[],
  ) {
    super(message);
    this.name = 'SizingError';
  }
}

/** The largest multiple of `step` not above `value` (value itself when step is 0). */
export function roundDownToStep(value: Decimal, step: Decimal): Decimal {
  if (step.lte(0)) return value;
  return new D(value).div(step).floor().mul(step);
}

export function roundUpToStep(value: Decimal, step: Decimal): Decimal {
  if (step.lte(0)) return value;
  return new D(value).div(step).ceil().mul(step);
}

/** The room the position value has: the bracket's or the account's, whichever is smaller (undefined: none). */
function notionalRoomOf(input: SizingInput): { room?: Decimal; by?: 'max-notional' | 'max-position-value' } {
  const max = input.maxNotional;
  const bracket = max && max.isFinite() ? Decimal.max(0, max) : undefined;
  const cap = input.accountCap;
  const account = cap && Decimal.max(0, cap.maxPositionValue.sub(cap.held));
  if (account && (!bracket || account.lt(bracket))) return { room: account, by: 'max-position-value' };
  return bracket ? { room: bracket, by: 'max-notional' } : {};
}

export function computeQuantity(input: SizingInput): Sizing {
  const { rules, price, leverage } = input;
  const balance = new D(input.balance);
  const stepSize = new D(rules.marketStepSize);
  const minQty = new D(rules.marketMinQty);
  const maxQty = new D(rules.marketMaxQty);
  const minNotional = new D(rules.minNotional);
  if (balance.lte(0)) {
    throw new SizingError(`Insufficient balance: the USDT balance is ${balance.toString()}`, 'no-balance', undefined, [
      'Add funds to your futures wallet',
    ]);
  }

  const { value: asked, riskCapped, exact } = askedPositionValue(input);
  const { value: positionValue, feeCapped } = fittingPositionValue(asked, leverage, exact ? undefined : input.room);
  const rawQuantity = positionValue.div(price);
  let quantity = roundDownToStep(rawQuantity, stepSize);
  let cappedBy: Sizing['cappedBy'];
  if (maxQty.gt(0) && quantity.gt(maxQty)) {
    quantity = roundDownToStep(maxQty, stepSize);
    cappedBy = 'max-quantity';
  }
  const { room: notionalRoom, by: roomBy } = notionalRoomOf(input);
  if (notionalRoom && quantity.mul(price).gt(notionalRoom)) {
    quantity = roundDownToStep(notionalRoom.div(price), stepSize);
    cappedBy = roomBy;
  }
  const capped = cappedBy !== undefined;
  const notional = quantity.mul(price);

  // The least quantity the exchange accepts: the minimum quantity, and enough for the minimum notional.
  const leastQuantity = Decimal.max(minQty, roundUpToStep(minNotional.div(price), stepSize));
  if (maxQty.gt(0) && leastQuantity.gt(maxQty)) {
    // Even the largest order allowed is under the minimum notional: no percentage helps.
    throw new SizingError(
      `${rules.symbol} cannot be traded at price ${price.toString()}: its maximum quantity ${maxQty.toString()} ` +
        `${rules.baseAsset} is worth less than the minimum notional ${minNotional.toString()} USDT`,
      'below-min-notional',
      undefined,
      ['Check the price and the symbol; the symbol rules are refreshed automatically'],
    );
  }
  // What the alert must send: the account's least, divided by the multiplier that scales the alert for it.
  const multiplier = new D(input.sizingMultiplier ?? 1);
  const scaledBy = multiplier.eq(1) ? '' : ` (× this account's sizing multiplier ${multiplier.toString()})`;
  const smallest = leastQuantity
    .mul(price)
    .div(balance.mul(leverage).mul(multiplier))
    .toDecimalPlaces(4, Decimal.ROUND_UP);
  const leastAlertQuantity = roundUpToStep(leastQuantity.div(multiplier), stepSize);
  const kind = input.mode?.kind ?? 'balance_percentage';
  const advice =
    kind === 'quantity' || kind === 'usdt'
      ? [
          `Use quantity ${leastAlertQuantity.toString()} or more ` +
            `(usdt ${leastAlertQuantity.mul(price).toString()} or more)${scaledBy}`,
        ]
      : kind === 'risk_percentage'
        ? ['Risk a larger share of the balance, or place the stop loss closer to the price']
        : smallest.lte(1)
          ? [`Use balance_percentage ${smallest.toString()} or more${scaledBy}`, 'Or increase leverage']
          : ['Even 100% of the balance is not enough at this leverage: increase leverage or add funds'];

  if (cappedBy === 'max-position-value' && (quantity.lt(minQty) || notional.lt(minNotional))) {
    const { maxPositionValue, held } = input.accountCap!;
    throw new SizingError(
      `This account's maximum position value on ${rules.symbol} is ${maxPositionValue.toString()} USDT ` +
        `(${held.toDecimalPlaces(2).toString()} USDT held): ${notionalRoom!.toDecimalPlaces(2).toString()} USDT more ` +
        `is ${quantity.toString()} ${rules.baseAsset}, below the symbol's minimum order`,
      'above-max-position',
      undefined,
      ["Raise the account's max_position_value_usdt", 'Or close part of the position first'],
    );
  }
  if (cappedBy === 'max-notional' && (quantity.lt(minQty) || notional.lt(minNotional))) {
    throw new SizingError(
      `${rules.symbol} at ${leverage}x allows a position of at most ${notionalRoom!.toString()} USDT more ` +
        "(Binance's leverage bracket for this leverage, less the position already held): " +
        `${quantity.toString()} ${rules.baseAsset} is below the symbol's minimum order`,
      'above-max-position',
      undefined,
      ['Lower the leverage: Binance allows larger positions at lower leverage', 'Or close part of the position first'],
    );
  }
  const passing =
    kind === 'balance_percentage'
      ? `the smallest balance_percentage that would pass is ${smallest.toString()}${scaledBy}`
      : `the smallest quantity that would pass is ${leastAlertQuantity.toString()} ${rules.baseAsset}${scaledBy}`;
  if (quantity.lt(minQty)) {
    throw new SizingError(
      `Quantity ${quantity.toString()} ${rules.baseAsset} (${rawQuantity.toDecimalPlaces(8).toString()} ` +
        `before rounding to the step ${stepSize.toString()}) is below the minimum ${minQty.toString()} ` +
        `${rules.baseAsset} for ${rules.symbol}: position value ${positionValue.toString()} USDT ` +
        `at price ${price.toString()}; ${passing}`,
      'below-min-quantity',
      kind === 'balance_percentage' ? smallest : undefined,
      advice,
    );
  }
  if (notional.lt(minNotional)) {
    throw new SizingError(
      `Order notional ${notional.toString()} USDT (${quantity.toString()} ${rules.baseAsset} at ` +
        `${price.toString()}) is below the minimum notional ${minNotional.toString()} USDT ` +
        `for ${rules.symbol}; ${passing}`,
      'below-min-notional',
      kind === 'balance_percentage' ? smallest : undefined,
      advice,
    );
  }
  const openingFee = input.room ? notional.mul(input.room.takerFeeRate) : undefined;
  return {
    positionValue,
    rawQuantity,
    quantity,
    notional,
    stepSize,
    minQty,
    maxQty,
    minNotional,
    maxNotional: notionalRoom,
    maxPositionValue: cappedBy === 'max-position-value' ? input.accountCap!.maxPositionValue : undefined,
    capped,
    cappedBy,
    feeCapped,
    openingFee,
    riskCapped,
  };
}
