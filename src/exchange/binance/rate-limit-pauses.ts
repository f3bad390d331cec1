/**
 * Binance bans an IP that keeps sending after a 429, so after one we stop
 * sending: a paused call fails at once, sending nothing. A weight 429 (-1003)
 * or a 418 ban pauses every request of the account; too many orders (-1015,
 * also a 429) pauses only order placement, until its order-count window
 * ends: reads, the lookups of an order whose answer was lost included, go on.
 */
import { ExchangeError } from '../exchange-error';

export class RateLimitPauses {
  private requestsUntilMs = 0;
  private ordersUntilMs = 0;

  /** `maxMs`: longest pause after a 429 that names no time (binance-api-node hides Retry-After). */
  constructor(
    private readonly maxMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  get requestsUntil(): number | undefined {
    return this.requestsUntilMs > this.now() ? this.requestsUntilMs : undefined;
  }

  get ordersUntil(): number | undefined {
    return this.ordersUntilMs > this.now() ? this.ordersUntilMs : undefined;
  }

  after(error: ExchangeError): void {
    const now = this.now();
    if (error.code === -1015) {
      this.ordersUntilMs = Math.max(this.ordersUntilMs, now + Math.min(error.retryAfterMs ?? 60_000, this.maxMs));
      return;
    }
    if (error.kind !== 'rate-limited' && error.kind !== 'banned') return;
    const untilNextMinute = 60_000 - (now % 60_000);
    const pause =
      error.kind === 'banned'
        ? (error.retryAfterMs ?? untilNextMinute)
        : Math.min(error.retryAfterMs ?? untilNextMinute, untilNextMinute, this.maxMs);
    this.requestsUntilMs = Math.max(this.requestsUntilMs, now + pause);
  }

  /** Throws when a call must not be sent now. */
  check(placesOrders: boolean): void {
    const pausedFor = this.requestsUntilMs - this.now();
    if (pausedFor > 0) {
      throw new ExchangeError({
        kind: 'rate-limited',
        title: 'Requests paused after Binance rate limiting',
        exchangeMessage: `requests to Binance are paused for ${pausedFor} ms after a rate limit`,
        suggestions: ['Wait until the pause ends, then send the signal again'],
        retryAfterMs: pausedFor,
      });
    }
    const ordersPausedFor = this.ordersUntilMs - this.now();
    if (placesOrders && ordersPausedFor > 0) {
      throw new ExchangeError({
        code: -1015,
        httpStatus: 429,
        kind: 'rate-limited',
        title: "Order sending paused after Binance's order-rate limit",
        exchangeMessage: `orders to Binance are paused for ${ordersPausedFor} ms after too many new orders (-1015)`,
        suggestions: ['Wait until the pause ends, then send the signal again', 'Send fewer alerts at once'],
        retryAfterMs: ordersPausedFor,
      });
    }
  }
}
