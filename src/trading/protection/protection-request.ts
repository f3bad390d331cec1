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

type TargetJson = { price: string } | { percent: string };

/** How a ProtectionRequest is kept with its signal's record (decimals as exact strings). */
export interface ProtectionJson {
  stopLoss?: TargetJson;
  takeProfits: Array<{ target: TargetJson; sizePercent: string }>;
  trailingStop?: { callbackRate: string; activation?: TargetJson };
  breakEven: boolean;
  workingType: WorkingType;
}

const targetJson = (t: PriceTarget): TargetJson =>
  'price' in t ? { price: t.price.toString() } : { percent: t.percent.toString() };
const targetOf = (t: TargetJson): PriceTarget =>
  'price' in t ? { price: new Decimal(t.price) } : { percent: new Decimal(t.percent) };

export function protectionJson(request: ProtectionRequest): ProtectionJson {
  return {
    stopLoss: request.stopLoss && targetJson(request.stopLoss),
    takeProfits: request.takeProfits.map((l) => ({
      target: targetJson(l.target),
      sizePercent: l.sizePercent.toString(),
    })),
    trailingStop: request.trailingStop && {
      callbackRate: request.trailingStop.callbackRate.toString(),
      activation: request.trailingStop.activation && targetJson(request.trailingStop.activation),
    },
    breakEven: request.breakEven,
    workingType: request.workingType,
  };
}

/** The request kept with a signal (undefined when none was, or it cannot be read). */
export function protectionFromJson(value: unknown): ProtectionRequest | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const json = value as ProtectionJson;
  try {
    return {
      stopLoss: json.stopLoss && targetOf(json.stopLoss),
      takeProfits: (json.takeProfits ?? []).map((l) => ({
        target: targetOf(l.target),
        sizePercent: new Decimal(l.sizePercent),
      })),
      trailingStop: json.trailingStop && {
        callbackRate: new Decimal(json.trailingStop.callbackRate),
        activation: json.trailingStop.activation && targetOf(json.trailingStop.activation),
      },
      breakEven: !!json.breakEven,
      workingType: json.workingType === 'CONTRACT_PRICE' ? 'CONTRACT_PRICE' : 'MARK_PRICE',
    };
  } catch {
    return undefined;
  }
}
