import { exchangeErrorFromBinance, exchangeErrorFromHttp } from '../exchange-error';
import { RateLimitPauses } from './rate-limit-pauses';

describe('rate-limit pauses', () => {
  const at = 1_700_000_003_000; // 3 s into a 10 s window, 23 s into a minute
  const pausedError = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      return error as Error;
    }
    return undefined;
  };

  it('-1015 pauses order placement until its order-count window ends, and nothing else', () => {
    const pauses = new RateLimitPauses(60_000, () => at);
    pauses.after(
      exchangeErrorFromBinance(
        -1015,
        'Too many new orders; current limit is 300 orders per 10 SECOND.',
        undefined,
        undefined,
        at,
      ),
    );
    expect(pauses.ordersUntil).toBe(at + 7_000);
    expect(pauses.requestsUntil).toBeUndefined();
    expect(pausedError(() => pauses.check(false))).toBeUndefined();
    expect(pausedError(() => pauses.check(true))?.message).toMatch(
      /Code -1015.*orders to Binance are paused for 7000 ms/,
    );
  });

  it('a per-minute -1015 waits for the minute, capped by the longest pause allowed', () => {
    const pauses = new RateLimitPauses(30_000, () => at);
    pauses.after(
      exchangeErrorFromBinance(
        -1015,
        'Too many new orders; current limit is 1200 orders per 1 MINUTE.',
        undefined,
        undefined,
        at,
      ),
    );
    expect(pauses.ordersUntil).toBe(at + 30_000);
  });

  it('a weight 429 pauses every request', () => {
    const pauses = new RateLimitPauses(60_000, () => at);
    pauses.after(exchangeErrorFromHttp(429, '', 2_000));
    expect(pauses.requestsUntil).toBe(at + 2_000);
    expect(pausedError(() => pauses.check(false))?.message).toMatch(/paused for 2000 ms/);
  });
});
