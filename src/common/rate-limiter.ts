/**
 * Per-address request limit for the webhook and admin routes (a fixed
 * one-minute window per address): beyond it, 429 with Retry-After.
 */
import type { NextFunction, Request, Response } from 'express';

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds to wait when over the limit, otherwise 0. */
  take(address: string): number {
    const now = this.now();
    const window = this.windows.get(address);
    if (!window || now - window.start >= 60_000) {
      this.windows.set(address, { start: now, count: 1 });
      if (this.windows.size > 100_000) this.windows.delete(this.windows.keys().next().value as string);
      return 0;
    }
    window.count += 1;
    return window.count > this.perMinute ? Math.ceil((window.start + 60_000 - now) / 1000) : 0;
  }

  middleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      if (this.perMinute <= 0) return next();
      const wait = this.take(req.ip ?? 'unknown');
      if (wait === 0) return next();
      res.setHeader('Retry-After', String(wait));
      res.status(429).json({ success: false, error: 'Too many requests from this address', suggestions: [`Retry after ${wait} s`, 'Send alerts "Once Per Bar Close"'] });
    };
  }
}
