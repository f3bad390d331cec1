/**
 * Candles from the paper engine's own price path, answered as Binance's
 * GET /fapi/v1/klines answers: so the dashboard's chart works in paper mode
 * and against the fake exchange, through the same port as on Binance.
 *
 * What Binance documents for the route (Kline/Candlestick Data,
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Kline-Candlestick-Data):
 * - parameters: symbol and interval (mandatory), startTime, endTime, limit (default 500, max 1500);
 * - without startTime and endTime the most recent klines are returned; klines are identified by open time;
 * - intervals: 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M (weeks open on Monday 00:00 UTC);
 * - each kline: [open time, open, high, low, close, volume, close time, quote volume, trades,
 *   taker buy base volume, taker buy quote volume, "0"], prices and volumes as strings;
 * - request weight by limit: [1,100) 1, [100,500) 2, [500,1000] 5, over 1000 10.
 * Error codes (https://developers.binance.com/docs/derivatives/usds-margined-futures/error-code):
 * -1120 invalid interval, -1130 invalid limit, -1023 start time after end time.
 */
import Decimal from 'decimal.js';
import { BinanceRejection, reject } from './binance-rejection';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Monday 1970-01-05 00:00 UTC: Binance's weekly klines open on Mondays. */
const FIRST_MONDAY = 4 * DAY;

export const KLINE_INTERVALS: Record<string, number> = {
  '1m': MINUTE,
  '3m': 3 * MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': 60 * MINUTE,
  '2h': 120 * MINUTE,
  '4h': 240 * MINUTE,
  '6h': 360 * MINUTE,
  '8h': 480 * MINUTE,
  '12h': 720 * MINUTE,
  '1d': DAY,
  '3d': 3 * DAY,
  '1w': 7 * DAY,
  // Calendar months: see bucketStart / nextBucket.
  '1M': 0,
};

export const MAX_KLINES = 1500;
const DEFAULT_KLINES = 500;

/** A price the engine moved to, with what traded at it (zero for a plain price move). */
export interface PricePoint {
  time: number;
  price: Decimal;
  quantity: Decimal;
}

export type KlineJson = [
  number,
  string,
  string,
  string,
  string,
  string,
  number,
  string,
  number,
  string,
  string,
  string,
];

/** The request weight Binance charges for a klines request of this limit. */
export function klinesWeight(limit: string | undefined): number {
  const n = limit === undefined ? DEFAULT_KLINES : Number(limit);
  if (n < 100) return 1;
  if (n < 500) return 2;
  if (n <= 1000) return 5;
  return 10;
}

function bucketStart(interval: string, time: number): number {
  if (interval === '1M') {
    const d = new Date(time);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  }
  const ms = KLINE_INTERVALS[interval];
  if (interval === '1w') return Math.floor((time - FIRST_MONDAY) / ms) * ms + FIRST_MONDAY;
  return Math.floor(time / ms) * ms;
}

function nextBucket(interval: string, start: number): number {
  if (interval !== '1M') return start + KLINE_INTERVALS[interval];
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

function previousBucket(interval: string, start: number): number {
  return bucketStart(interval, start - 1);
}

function integerParam(params: Record<string, string | undefined>, name: string): number | undefined {
  const raw = params[name];
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,16}$/.test(raw)) throw reject.illegalChars(name, '^[0-9]{1,20}$');
  return Number(raw);
}

export interface KlineRequest {
  interval: string;
  limit: number;
  startTime?: number;
  endTime?: number;
}

/** Checks the parameters as Binance does (symbol is checked by the engine, against its catalogue). */
export function klineRequest(params: Record<string, string | undefined>): KlineRequest {
  const interval = params.interval;
  if (!interval) throw reject.mandatory('interval');
  if (!(interval in KLINE_INTERVALS)) throw new BinanceRejection(-1120, 'Invalid interval.');
  const limit = integerParam(params, 'limit') ?? DEFAULT_KLINES;
  if (limit < 1 || limit > MAX_KLINES)
    throw new BinanceRejection(-1130, "Data sent for parameter 'limit' is not valid.");
  const startTime = integerParam(params, 'startTime');
  const endTime = integerParam(params, 'endTime');
  if (startTime !== undefined && endTime !== undefined && startTime > endTime) {
    throw new BinanceRejection(-1023, 'Start time is greater than end time.');
  }
  return { interval, limit, startTime, endTime };
}

/**
 * The klines of a price path (oldest point first, never empty) up to `now`.
 * A bucket in which nothing moved repeats the last price (volume 0), as a
 * quiet market would; no kline opens before the path's first point.
 */
export function klinesOfPath(path: PricePoint[], request: KlineRequest, now: number): KlineJson[] {
  const { interval, limit } = request;
  const first = bucketStart(interval, path[0].time);
  const last = bucketStart(interval, Math.min(now, request.endTime ?? now));
  let from: number;
  if (request.startTime !== undefined) {
    from = Math.max(first, bucketStart(interval, request.startTime));
    if (from < request.startTime) from = nextBucket(interval, from);
  } else {
    // The most recent `limit` klines up to endTime (or now).
    from = last;
    for (let i = 1; i < limit && from > first; i++) from = previousBucket(interval, from);
  }
  const klines: KlineJson[] = [];
  let index = lastIndexAtOrBefore(path, from - 1);
  let close = index >= 0 ? path[index].price : path[0].price;
  index += 1;
  for (let open = from; open <= last && klines.length < limit; open = nextBucket(interval, open)) {
    const closeTime = nextBucket(interval, open) - 1;
    let high = close;
    let low = close;
    const start = close;
    let volume = new Decimal(0);
    let quote = new Decimal(0);
    let trades = 0;
    for (; index < path.length && path[index].time <= closeTime; index++) {
      const { price, quantity } = path[index];
      if (price.gt(high)) high = price;
      if (price.lt(low)) low = price;
      close = price;
      if (quantity.gt(0)) {
        volume = volume.add(quantity);
        quote = quote.add(quantity.mul(price));
        trades += 1;
      }
    }
    const v = volume.toFixed();
    const q = quote.toFixed();
    klines.push([
      open,
      start.toFixed(),
      high.toFixed(),
      low.toFixed(),
      close.toFixed(),
      v,
      closeTime,
      q,
      trades,
      v,
      q,
      '0',
    ]);
  }
  return klines;
}

function lastIndexAtOrBefore(path: PricePoint[], time: number): number {
  let lo = 0;
  let hi = path.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (path[mid].time <= time) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
