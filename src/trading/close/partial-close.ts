/**
 * Partial exits (pure): `close` with `close_percentage` or `close_quantity`
 * closes part of the position with reduce-only orders (one-way) or orders
 * against the position side (hedge), so it can never flip it. The part is
 * rounded DOWN to the market step. Below the minimum quantity it is refused,
 * naming the smallest percentage that passes. When what would remain is dust
 * (under the minimum quantity, or worth less than the minimum notional, so no
 * order could add to it or be placed for it on its own) the whole position is
 * closed, and the plan says so.
 *
 * Hedge mode with both a long and a short held: a percentage closes that
 * share of each side; a quantity is refused, since it cannot say which side.
 */
import Decimal from 'decimal.js';
import type { OpenPosition } from '../../exchange/exchange.port';
import type { SymbolRules } from '../../exchange/symbol-rules';
import { roundDownToStep, roundUpToStep } from '../position-sizing';

export type PartialRules = Pick<
  SymbolRules,
  'symbol' | 'baseAsset' | 'marketStepSize' | 'marketMinQty' | 'marketMaxQty' | 'minNotional'
>;

export interface PartialRequest {
  /** (0, 100]. */
  percentage?: Decimal;
  /** Base asset, > 0. */
  quantity?: Decimal;
  /** The alert's own close_quantity, when a bot account's sizing multiplier scaled it into `quantity`. */
  alertQuantity?: Decimal;
}

export interface PartialLeg {
  position: OpenPosition;
  /** What this signal closes of the position. */
  quantity: Decimal;
  remaining: Decimal;
  /** True when the whole position goes (asked for, or the rest would be dust). */
  closesAll: boolean;
  /** Why more than asked is closed, for the answer. */
  reason?: string;
}

export type PartialPlan =
  | { kind: 'nothing'; note: string }
  | { kind: 'refused'; message: string; suggestions: string[]; smallestPercentage?: Decimal }
  | { kind: 'close'; legs: PartialLeg[]; asked: string };

/** What the alert asked to close: a percentage, or a quantity (the alert's, and this account's when scaled). */
export function askedText(request: PartialRequest, asset: string): string {
  if (request.percentage) return `${request.percentage.toString()}%`;
  const own = `${request.quantity!.toString()} ${asset}`;
  const alert = request.alertQuantity;
  return alert && !alert.eq(request.quantity!)
    ? `${alert.toString()} ${asset} (${own} at this account's multiplier)`
    : own;
}

export function planPartialClose(held: OpenPosition[], request: PartialRequest, rules: PartialRules): PartialPlan {
  const asked = askedText(request, rules.baseAsset);
  if (held.length === 0) return { kind: 'nothing', note: `No open position on ${rules.symbol}: nothing to close` };
  if (request.quantity && held.length > 1) {
    return {
      kind: 'refused',
      message:
        `close_quantity ${asked} is ambiguous on ${rules.symbol}: both a long and a short are held (hedge mode); ` +
        'nothing was sent',
      suggestions: ['Use close_percentage to close that share of each side', 'Or send "action": "close" to close both'],
    };
  }
  const legs: PartialLeg[] = [];
  for (const position of held) {
    const leg = planOne(position, request, rules, asked);
    if ('kind' in leg) return leg;
    legs.push(leg);
  }
  return { kind: 'close', legs, asked };
}

function planOne(
  position: OpenPosition,
  request: PartialRequest,
  rules: PartialRules,
  asked: string,
): PartialLeg | Extract<PartialPlan, { kind: 'refused' }> {
  const size = position.quantity;
  const { marketStepSize: step, marketMinQty: minQty, baseAsset: asset } = rules;
  const label = `${position.direction.toLowerCase()} ${size.toString()} ${asset}`;
  const raw = request.percentage ? size.mul(request.percentage).div(100) : request.quantity!;
  if (raw.gte(size)) {
    const reason =
      request.quantity && raw.gt(size) ? `close_quantity ${asked} is more than the ${label} held` : undefined;
    return { position, quantity: size, remaining: new Decimal(0), closesAll: true, reason };
  }
  const quantity = roundDownToStep(raw, step);
  if (quantity.lt(minQty)) {
    // The least percentage whose share, rounded down, reaches the minimum quantity.
    const least = roundUpToStep(minQty, step);
    const smallest = least.div(size).mul(100).toDecimalPlaces(2, Decimal.ROUND_UP);
    const passes = smallest.lte(100);
    return {
      kind: 'refused',
      message:
        `Closing ${asked} of the ${label} is ${quantity.toString()} ${asset} after rounding down to the step ` +
        `${step.toString()}, below the minimum quantity ${minQty.toString()} ${asset} for ${rules.symbol}` +
        (passes ? `; the smallest close_percentage that passes is ${smallest.toString()}` : '') +
        ': nothing was sent',
      suggestions: [
        ...(passes ? [`Use close_percentage ${smallest.toString()} or more`] : []),
        `Or close_quantity ${least.toString()} ${asset} or more`,
        'Or send "action": "close" to close the whole position',
      ],
      smallestPercentage: passes ? smallest : undefined,
    };
  }
  const remaining = size.sub(quantity);
  const price = position.markPrice.gt(0) ? position.markPrice : position.entryPrice;
  const dust = remaining.lt(minQty) || (price.gt(0) && remaining.mul(price).lt(rules.minNotional));
  if (dust) {
    const worth = price.gt(0) ? `, worth ${remaining.mul(price).toDecimalPlaces(2).toString()} USDT` : '';
    const reason =
      `closing ${asked} would leave ${remaining.toString()} ${asset}${worth}, under the minimum order of ` +
      `${minQty.toString()} ${asset} / ${rules.minNotional.toString()} USDT on ${rules.symbol}: closed it all instead`;
    return { position, quantity: size, remaining: new Decimal(0), closesAll: true, reason };
  }
  return { position, quantity, remaining, closesAll: false };
}
