/**
 * An account's own limits on a target-position alert (pure), as on buy/sell:
 * its maximum position value per symbol caps what the target adds beyond what
 * is held on that side (a position already above it is never reduced for it),
 * and its maximum leverage refuses a target that would open or add at a higher
 * leverage. An alert without leverage leaves the symbol's leverage as it is on
 * Binance, so that leverage is the one checked.
 */
import Decimal from 'decimal.js';
import { SignalRejection } from '../common/signal-rejection';

export interface AccountCaps {
  /** The account's largest position value (USDT) on a symbol; absent: none of its own. */
  maxPositionValue?: Decimal;
  /** The highest leverage the account may trade at; absent: none of its own. */
  maxLeverage?: number;
}

export interface CappedTarget {
  size: Decimal;
  /** Set when the cap lowered the target: says by how much and why. */
  note?: string;
}

/**
 * The target size within the account's maximum position value: at most that value at `price`, or what is
 * already held on the target's side when that is more.
 */
export function capTargetSize(
  size: Decimal,
  heldOnSide: Decimal,
  price: Decimal,
  maxPositionValue: Decimal | undefined,
  asset: string,
): CappedTarget {
  if (!maxPositionValue || !price.gt(0)) return { size };
  const ceiling = Decimal.max(heldOnSide, maxPositionValue.div(price));
  if (size.lte(ceiling)) return { size };
  return {
    size: ceiling,
    note:
      `target ${size.toString()} ${asset} capped to ${ceiling.toSignificantDigits(12).toString()} ${asset} by the ` +
      `account's max_position_value_usdt of ${maxPositionValue.toString()} at ${price.toString()}`,
  };
}

/**
 * Refuses a target that opens or adds at a leverage above the account's maximum: the alert's leverage, or
 * without one the symbol's current leverage (which the target keeps). Undefined: within the limit.
 */
export function targetLeverageRefusal(
  asked: number | undefined,
  current: number,
  maxLeverage: number | undefined,
  symbol: string,
): SignalRejection | undefined {
  if (maxLeverage === undefined) return undefined;
  if (asked !== undefined) {
    if (asked <= maxLeverage) return undefined;
    return new SignalRejection(
      `Leverage ${asked} is above this account's maximum of ${maxLeverage}: nothing sent`,
      'VALIDATION',
      422,
      [`Send leverage ${maxLeverage} or less, or raise the account's max_leverage`],
    );
  }
  if (current <= maxLeverage) return undefined;
  return new SignalRejection(
    `The alert gives no leverage and ${symbol}'s leverage on Binance is ${current}, above this account's ` +
      `maximum of ${maxLeverage}: nothing sent`,
    'VALIDATION',
    422,
    [
      `Send leverage ${maxLeverage} or less with the alert (it is set before the order)`,
      `Or lower ${symbol}'s leverage on Binance to ${maxLeverage} or less, or raise the account's max_leverage`,
    ],
  );
}
