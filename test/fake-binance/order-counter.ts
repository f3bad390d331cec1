/**
 * Binance's order-count limits, as the fake applies them. Binance counts the
 * orders an account places per 10 seconds and per minute (fixed windows: "a
 * 1 MINUTE interval starts every minute"), reports the counts on order
 * responses (X-MBX-ORDER-COUNT-10S / X-MBX-ORDER-COUNT-1M) and refuses orders
 * over a limit with HTTP 429, code -1015 and a Retry-After header.
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/general-info#limits
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/error-code (-1015 TOO_MANY_ORDERS)
 */
import type { Response } from 'express';
import { BinanceRejection } from '../../src/exchange/paper/binance-rejection';

export interface OrderLimits {
  /** Orders per 10 s window (Infinity: no limit). */
  per10s: number;
  /** Orders per minute window (Infinity: no limit). */
  perMinute: number;
}

/** exchangeInfo's ORDERS rate limits for USDⓈ-M futures: 300 per 10 SECOND, 1200 per 1 MINUTE. */
export const BINANCE_ORDER_LIMITS: OrderLimits = { per10s: 300, perMinute: 1200 };

interface Window {
  header: string;
  lengthMs: number;
  intervalNum: number;
  interval: 'SECOND' | 'MINUTE';
  limit: (limits: OrderLimits) => number;
  start: number;
  count: number;
}

export class OrderCounter {
  private readonly windows: Window[] = [
    {
      header: 'X-MBX-ORDER-COUNT-10S',
      lengthMs: 10_000,
      intervalNum: 10,
      interval: 'SECOND',
      limit: (l) => l.per10s,
      start: 0,
      count: 0,
    },
    {
      header: 'X-MBX-ORDER-COUNT-1M',
      lengthMs: 60_000,
      intervalNum: 1,
      interval: 'MINUTE',
      limit: (l) => l.perMinute,
      start: 0,
      count: 0,
    },
  ];

  constructor(
    public limits: OrderLimits,
    private readonly now: () => number = Date.now,
  ) {}

  reset(limits: OrderLimits): void {
    this.limits = limits;
    for (const w of this.windows) w.count = 0;
  }

  /** Counts `orders` new orders and sets the count headers; throws -1015 (nothing counted) over a limit. */
  count(orders: number, res: Response): void {
    const now = this.now();
    for (const w of this.windows) {
      const start = now - (now % w.lengthMs);
      if (start !== w.start) Object.assign(w, { start, count: 0 });
    }
    const over = this.windows.find((w) => w.count + orders > w.limit(this.limits));
    if (!over) for (const w of this.windows) w.count += orders;
    for (const w of this.windows) res.setHeader(w.header, String(w.count));
    if (over) {
      const retryAfterSeconds = Math.ceil((over.start + over.lengthMs - now) / 1000);
      throw new BinanceRejection(
        -1015,
        `Too many new orders; current limit is ${over.limit(this.limits)} orders ` +
          `per ${over.intervalNum} ${over.interval}.`,
        429,
        retryAfterSeconds,
      );
    }
  }
}
