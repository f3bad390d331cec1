import { RateLimiter } from './rate-limiter';

describe('rate limiter', () => {
  it('allows perMinute requests per address per minute, then says how long to wait', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(3, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    now += 20_000;
    expect(limiter.take('a')).toBe(40);
    expect(limiter.take('b')).toBe(0);
    now += 40_000;
    expect(limiter.take('a')).toBe(0);
  });
});
