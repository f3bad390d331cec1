import { retryDelayMs } from './retry-schedule';

describe('retryDelayMs', () => {
  const policy = { baseMs: 1000, maxMs: 60_000 };

  it('doubles per attempt, between half and all of the exponential delay', () => {
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, policy, undefined, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, policy, undefined, () => 0))).toEqual([500, 1000, 2000, 4000]);
  });

  it('stops growing at the maximum', () => {
    expect(retryDelayMs(30, policy, undefined, () => 1)).toBe(60_000);
    expect(retryDelayMs(10_000, policy, undefined, () => 1)).toBe(60_000);
  });

  it("never retries sooner than the channel's retry_after, even beyond the maximum", () => {
    expect(retryDelayMs(1, policy, 7000, () => 0)).toBe(7000);
    expect(retryDelayMs(1, policy, 120_000, () => 1)).toBe(120_000);
    expect(retryDelayMs(5, policy, 100, () => 1)).toBe(16_000);
  });
});
