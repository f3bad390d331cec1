/**
 * What an alert asks for to protect the position it opens: a stop loss, take
 * profits (one, or a ladder of up to 5), a trailing stop and the move of the
 * stop to break-even after the first target. Prices are either absolute or a
 * percent distance from the entry fill. Parsed and range-checked at the edge
 * (webhook/protection-fields.ts); checked against the price and the symbol's
 * filters before the entry (protection-plan.ts).
 */
import Decimal from 'decimal.js';

export type WorkingType = 'MARK_PRICE' | 'CONTRACT_PRICE';

/** A trigger: a price, or a distance from the entry fill in percent (2 = 2%). */
export type PriceTarget = { price: Decimal } | { percent: Decimal };

export interface TakeProfitLevel {
  target: PriceTarget;
  /** Share of the position this level closes, in percent (the levels add up to at most 100). */
  sizePercent: Decimal;
}

export interface TrailingStopRequest {
  /** Percent 0.1–10 (Binance's callbackRate). */
  callbackRate: Decimal;
  /** Where the trailing starts: a price, or a percent in the position's favour; absent = at once. */
  activation?: PriceTarget;
}

export interface ProtectionRequest {
  stopLoss?: PriceTarget;
  takeProfits: TakeProfitLevel[];
  trailingStop?: TrailingStopRequest;
  /** After the first take profit fills, move the stop to the entry price plus fees. */
  breakEven: boolean;
  workingType: WorkingType;
}

export const MAX_TAKE_PROFITS = 5;

export function asksForProtection(request: ProtectionRequest | undefined): request is ProtectionRequest {
  return !!request && (!!request.stopLoss || request.takeProfits.length > 0 || !!request.trailingStop);
}
