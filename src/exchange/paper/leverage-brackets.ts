/**
 * Binance's notional and leverage brackets for the simulated symbols: the
 * largest position value allowed at each leverage. Binance publishes them per
 * symbol at GET /fapi/v1/leverageBracket ("Notional and Leverage Brackets",
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/account/rest-api/);
 * a position above the cap of the leverage in use is refused (-2027), and a
 * leverage above the first bracket's is not valid (-4028).
 */
import Decimal from 'decimal.js';
import type { CatalogueSymbol } from './market-catalogue';

export interface EngineBracket {
  bracket: number;
  initialLeverage: number;
  notionalCap: number;
  notionalFloor: number;
  maintMarginRatio: number;
  cum: number;
}

type Tier = [initialLeverage: number, notionalCap: number, maintMarginRatio: number];

/**
 * BTCUSDT as GET /fapi/v1/leverageBracket answered it (a recorded answer in
 * github.com/boolean404/heikin-ashi-trading-bot, json/fapiPrivate_get_leverage_bracket.py;
 * its first tiers match Binance's announcement "Updates to Leverage and Margin
 * Tiers of Binance Futures Contracts (2021-03-18)").
 */
const BTCUSDT: Tier[] = [
  [125, 50_000, 0.004],
  [100, 250_000, 0.005],
  [50, 3_000_000, 0.01],
  [20, 20_000_000, 0.025],
  [10, 40_000_000, 0.05],
  [5, 100_000_000, 0.1],
  [4, 120_000_000, 0.125],
  [3, 200_000_000, 0.15],
  [2, 300_000_000, 0.25],
  [1, 500_000_000, 0.5],
];

/**
 * ETHUSDT's published tiers (100x up to 10,000 USDT … 1x up to 100,000,000).
 * Binance adjusts tiers from time to time; the service reads them from the
 * exchange, so only the shape and the rule matter to it, never these numbers.
 */
const ETHUSDT: Tier[] = [
  [100, 10_000, 0.005],
  [75, 100_000, 0.0065],
  [50, 500_000, 0.01],
  [25, 1_000_000, 0.02],
  [10, 2_000_000, 0.05],
  [5, 5_000_000, 0.1],
  [4, 10_000_000, 0.125],
  [3, 20_000_000, 0.15],
  [2, 50_000_000, 0.25],
  [1, 100_000_000, 0.5],
];

const PUBLISHED: Record<string, Tier[]> = { BTCUSDT, ETHUSDT };

/** The usual leverage steps of Binance's tiers, for symbols without a published table here. */
const STEPS = [125, 100, 75, 50, 25, 20, 10, 5, 4, 3, 2, 1];
const MAINT = [0.004, 0.005, 0.0065, 0.01, 0.02, 0.025, 0.05, 0.1, 0.125, 0.15, 0.25, 0.5];

function tiersOf(s: CatalogueSymbol): Tier[] {
  const published = PUBLISHED[s.symbol];
  if (published) return published;
  // Other symbols: tiers from the symbol's maximum leverage down to 1x, the cap
  // growing as leverage falls (baseNotionalCap at the maximum leverage).
  const steps = [s.maxLeverage, ...STEPS.filter((l) => l < s.maxLeverage)];
  return steps.map((l, i) => {
    const cap = Math.floor((s.baseNotionalCap * s.maxLeverage) / l);
    return [l, cap, MAINT[Math.min(i, MAINT.length - 1)]];
  });
}

/** A symbol's brackets in Binance's shape (floors, and `cum` as Binance computes it). */
export function bracketsOf(s: CatalogueSymbol): EngineBracket[] {
  let floor = 0;
  let cum = 0;
  let previousRatio = 0;
  return tiersOf(s).map(([initialLeverage, notionalCap, maintMarginRatio], i) => {
    cum += floor * (maintMarginRatio - previousRatio);
    const bracket = { bracket: i + 1, initialLeverage, notionalCap, notionalFloor: floor, maintMarginRatio, cum: 0 };
    bracket.cum = Math.round(cum * 100) / 100;
    floor = notionalCap;
    previousRatio = maintMarginRatio;
    return bracket;
  });
}

/** The highest leverage the symbol allows (its first bracket's). */
export function maxLeverageOf(s: CatalogueSymbol): number {
  return bracketsOf(s)[0].initialLeverage;
}

/** Largest position notional at `leverage`: the cap of the last bracket that still allows it. */
export function notionalCapAt(s: CatalogueSymbol, leverage: number): Decimal {
  const allowed = bracketsOf(s).filter((b) => b.initialLeverage >= leverage);
  return new Decimal(allowed.length ? allowed[allowed.length - 1].notionalCap : 0);
}
