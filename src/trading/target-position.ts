/**
 * Target positions (pure): an alert says the position it wants ("be long
 * 0.3"), and only the difference from what the account holds is traded. So a
 * target alert delivered twice, late or out of order never over-trades: the
 * second delivery finds the account already there.
 *
 * The plan is two steps sent one after the other: first the orders that
 * reduce or close (reduce-only in one-way mode, against the position side in
 * hedge mode, so none of them can flip a position), then the orders that open
 * or add. Nothing is sent when any order of the plan would be refused by the
 * symbol's filters: the account is left as it is, with the reason.
 */
import Decimal from 'decimal.js';
import type { OrderSide, PositionDirection, PositionMode, PositionSide } from '../exchange/exchange.port';
import type { SymbolRules } from '../exchange/symbol-rules';
import type { OrderPurpose } from './orders/order-attempt';
import { splitAtMaxQty } from './orders/order-pieces';
import { roundDownToStep } from './position-sizing';

export type MarketPosition = 'long' | 'short' | 'flat';

export type TargetRules = Pick<
  SymbolRules,
  'symbol' | 'baseAsset' | 'marketStepSize' | 'marketMinQty' | 'marketMaxQty' | 'minNotional'
>;

/** What the account holds on the symbol; in one-way mode at most one side is non-zero. */
export interface HeldSides {
  long: Decimal;
  short: Decimal;
}

export interface TargetInput {
  mode: PositionMode;
  held: HeldSides;
  target: MarketPosition;
  /** Base asset, before rounding; ignored for flat. */
  size: Decimal;
  /** The price the minimum notional is checked at. */
  price: Decimal;
  rules: TargetRules;
}

/** One order of the plan (a quantity above maxQty is split into pieces by `pieces`). */
export interface TargetLeg {
  purpose: OrderPurpose;
  side: OrderSide;
  positionSide: PositionSide;
  quantity: Decimal;
  /** One-way closes and reductions; hedge mode closes by position side instead. */
  reduceOnly: boolean;
}

export type TargetPlan =
  | { kind: 'at-target'; target: Decimal; note: string }
  | { kind: 'refused'; target: Decimal; message: string; suggestions: string[] }
  | { kind: 'trade'; target: Decimal; reduce: TargetLeg[]; increase: TargetLeg[]; note: string };

const describeHeld = (held: HeldSides, asset: string): string => {
  const sides = [
    held.long.gt(0) ? `long ${held.long.toString()} ${asset}` : undefined,
    held.short.gt(0) ? `short ${held.short.toString()} ${asset}` : undefined,
  ].filter(Boolean);
  return sides.length ? sides.join(' and ') : 'flat';
};

const describeTarget = (target: MarketPosition, quantity: Decimal, asset: string) =>
  target === 'flat' ? 'flat' : `${target} ${quantity.toString()} ${asset}`;

export function planTarget(input: TargetInput): TargetPlan {
  const { mode, held, target, rules, price } = input;
  const quantity = target === 'flat' ? new Decimal(0) : roundDownToStep(input.size, rules.marketStepSize);
  const wanted = describeTarget(target, quantity, rules.baseAsset);
  const now = describeHeld(held, rules.baseAsset);
  if (target !== 'flat' && quantity.lt(rules.marketMinQty)) {
    return {
      kind: 'refused',
      target: quantity,
      message:
        `Target ${target} ${input.size.toString()} ${rules.baseAsset} is ${quantity.toString()} after rounding ` +
        `down to the step ${rules.marketStepSize.toString()}, below the minimum quantity ` +
        `${rules.marketMinQty.toString()} ${rules.baseAsset} for ${rules.symbol}: ` +
        `nothing was sent (the account is ${now})`,
      suggestions: [
        `Use market_position_size ${rules.marketMinQty.toString()} or more`,
        'Use "market_position": "flat" to close the position',
      ],
    };
  }
  const wantLong = target === 'long' ? quantity : new Decimal(0);
  const wantShort = target === 'short' ? quantity : new Decimal(0);
  if (held.long.eq(wantLong) && held.short.eq(wantShort)) {
    return { kind: 'at-target', target: quantity, note: `Already ${wanted} on ${rules.symbol}: nothing to do` };
  }
  const { reduce, increase } =
    mode === 'hedge' ? hedgeLegs(held, wantLong, wantShort) : oneWayLegs(held, target, quantity);
  const problem = firstRefusal([...reduce, ...increase], increase, held, price, rules);
  if (problem) {
    return {
      kind: 'refused',
      target: quantity,
      message: `The account is ${now} on ${rules.symbol}; reaching ${wanted} ${problem}: nothing was sent`,
      suggestions: [
        'The difference is too small to trade: the account stays as it is',
        `Orders on ${rules.symbol} need at least ${rules.marketMinQty.toString()} ${rules.baseAsset}` +
          (rules.minNotional.gt(0) ? ` and, when they open or add, ${rules.minNotional.toString()} USDT` : ''),
      ],
    };
  }
  return { kind: 'trade', target: quantity, reduce, increase, note: `From ${now} to ${wanted} on ${rules.symbol}` };
}

/** Hedge mode: each side moves to its own target; the sides never net against each other. */
function hedgeLegs(
  held: HeldSides,
  wantLong: Decimal,
  wantShort: Decimal,
): { reduce: TargetLeg[]; increase: TargetLeg[] } {
  const reduce: TargetLeg[] = [];
  const increase: TargetLeg[] = [];
  const side = (direction: PositionDirection, have: Decimal, want: Decimal) => {
    const opening: OrderSide = direction === 'LONG' ? 'BUY' : 'SELL';
    const closing: OrderSide = direction === 'LONG' ? 'SELL' : 'BUY';
    if (want.lt(have)) {
      const purpose = want.isZero() ? (`CLOSE_${direction}` as const) : (`REDUCE_${direction}` as const);
      reduce.push({ purpose, side: closing, positionSide: direction, quantity: have.sub(want), reduceOnly: false });
    } else if (want.gt(have)) {
      increase.push({
        purpose: 'OPEN',
        side: opening,
        positionSide: direction,
        quantity: want.sub(have),
        reduceOnly: false,
      });
    }
  };
  side('SHORT', held.short, wantShort);
  side('LONG', held.long, wantLong);
  return { reduce, increase };
}

/** One-way mode: one net position; a reversal closes it (reduce-only) and opens the other way. */
function oneWayLegs(
  held: HeldSides,
  target: MarketPosition,
  quantity: Decimal,
): { reduce: TargetLeg[]; increase: TargetLeg[] } {
  const net = held.long.sub(held.short);
  const want = target === 'long' ? quantity : target === 'short' ? quantity.neg() : new Decimal(0);
  const reduce: TargetLeg[] = [];
  const increase: TargetLeg[] = [];
  const direction = net.gt(0) ? 'LONG' : 'SHORT';
  const closing: OrderSide = net.gt(0) ? 'SELL' : 'BUY';
  const sameWay = net.isZero() || want.isZero() || net.isNegative() === want.isNegative();
  if (sameWay && want.abs().lt(net.abs())) {
    const purpose = want.isZero() ? (`CLOSE_${direction}` as const) : (`REDUCE_${direction}` as const);
    reduce.push({
      purpose,
      side: closing,
      positionSide: 'BOTH',
      quantity: net.abs().sub(want.abs()),
      reduceOnly: true,
    });
  } else if (sameWay) {
    const opening: OrderSide = want.isNegative() ? 'SELL' : 'BUY';
    increase.push({
      purpose: 'OPEN',
      side: opening,
      positionSide: 'BOTH',
      quantity: want.abs().sub(net.abs()),
      reduceOnly: false,
    });
  } else {
    reduce.push({
      purpose: `CLOSE_${direction}`,
      side: closing,
      positionSide: 'BOTH',
      quantity: net.abs(),
      reduceOnly: true,
    });
    increase.push({ purpose: 'OPEN', side: closing, positionSide: 'BOTH', quantity: want.abs(), reduceOnly: false });
  }
  return { reduce, increase };
}

/**
 * Why the plan cannot go out whole, or undefined. Every piece needs the
 * minimum quantity (a close of a whole position is left to the exchange: it is
 * what `close` would send); opening pieces need the minimum notional too
 * (Binance exempts only reduce-only orders from it).
 */
function firstRefusal(
  legs: TargetLeg[],
  increase: TargetLeg[],
  held: HeldSides,
  price: Decimal,
  rules: TargetRules,
): string | undefined {
  for (const leg of legs) {
    const whole =
      (leg.purpose === 'CLOSE_LONG' && leg.quantity.eq(held.long)) ||
      (leg.purpose === 'CLOSE_SHORT' && leg.quantity.eq(held.short));
    const verb = `${leg.side === 'BUY' ? 'a buy' : 'a sell'} of ${leg.quantity.toString()} ${rules.baseAsset}`;
    for (const piece of pieces(leg, rules)) {
      if (!whole && piece.lt(rules.marketMinQty)) {
        return `needs ${verb}, below the minimum quantity ${rules.marketMinQty.toString()} ${rules.baseAsset}`;
      }
      if (increase.includes(leg) && piece.mul(price).lt(rules.minNotional)) {
        return (
          `needs ${verb}, worth ${piece.mul(price).toDecimalPlaces(8).toString()} USDT at ${price.toString()}: ` +
          `below the minimum notional ${rules.minNotional.toString()} USDT`
        );
      }
    }
  }
  return undefined;
}

/** The quantities a leg goes out as (several orders above the market lot maximum). */
export function pieces(leg: TargetLeg, rules: TargetRules): Decimal[] {
  return splitAtMaxQty(leg.quantity, rules);
}

/**
 * One-way reversals in one order: the close and the open of a plan whose
 * reduce step closes the position the open reverses become one order of both
 * quantities (not reduce-only), when it fits under the market lot maximum.
 * The exchange nets it: it closes the old position and opens the new one.
 */
export function asOneWayReversal(
  plan: Extract<TargetPlan, { kind: 'trade' }>,
  rules: TargetRules,
): TargetLeg | undefined {
  const [close] = plan.reduce;
  const [open] = plan.increase;
  if (plan.reduce.length !== 1 || plan.increase.length !== 1 || close.positionSide !== 'BOTH') return undefined;
  if (close.side !== open.side || !close.purpose.startsWith('CLOSE_')) return undefined;
  const quantity = close.quantity.add(open.quantity);
  if (rules.marketMaxQty.gt(0) && quantity.gt(rules.marketMaxQty)) return undefined;
  return { purpose: 'REVERSAL', side: open.side, positionSide: 'BOTH', quantity, reduceOnly: false };
}
