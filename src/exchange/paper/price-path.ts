/**
 * The prices the paper engine moved through, per symbol, with what traded at
 * them: the source of its klines. Bounded (the oldest points go first); not
 * kept across restarts, so a restarted paper account's chart starts again.
 */
import Decimal from 'decimal.js';
import { PricePoint } from './price-klines';

const MAX_POINTS_PER_SYMBOL = 20_000;

export class PricePath {
  private readonly points = new Map<string, PricePoint[]>();

  /** `previous` is the price the symbol had before, placed at `since` when the path starts. */
  record(symbol: string, point: PricePoint, previous: { time: number; price: Decimal }): void {
    let path = this.points.get(symbol);
    if (!path) {
      path = [{ time: Math.min(previous.time, point.time), price: previous.price, quantity: new Decimal(0) }];
      this.points.set(symbol, path);
    }
    // A clock that steps back (a test's, or NTP) never reorders the path.
    path.push({ ...point, time: Math.max(point.time, path[path.length - 1].time) });
    if (path.length > MAX_POINTS_PER_SYMBOL) path.splice(0, path.length - MAX_POINTS_PER_SYMBOL);
  }

  /** The symbol's path, or one point at `since` with its current price when it never moved. */
  of(symbol: string, since: number, current: Decimal): PricePoint[] {
    return this.points.get(symbol) ?? [{ time: since, price: current, quantity: new Decimal(0) }];
  }

  clear(): void {
    this.points.clear();
  }
}
