import { RequestWeightBudget } from './request-weight-budget';

describe('RequestWeightBudget', () => {
  function budget(startMs: number, maxWaitMs = 1000) {
    let now = startMs;
    const slept: number[] = [];
    const b = new RequestWeightBudget({
      limit: 100,
      share: 0.8,
      maxWaitMs,
      now: () => now,
      sleep: async (ms) => {
        slept.push(ms);
        now += ms;
      },
    });
    return { b, slept, advance: (ms: number) => (now += ms) };
  }

  it('admits what fits this minute at once', async () => {
    const { b } = budget(0);
    expect(b.capacity).toBe(80);
    for (let i = 0; i < 4; i++) expect(await b.reserve(20)).toEqual({ admitted: true, waitedMs: 0 });
    expect(b.usedThisMinute).toBe(80);
  });

  it('refuses what does not fit when the next minute is far; nothing is reserved', async () => {
    const { b } = budget(10_000);
    await b.reserve(70);
    expect(await b.reserve(20)).toEqual({ admitted: false, retryInMs: 50_000 });
    expect(b.usedThisMinute).toBe(70);
  });

  it('waits for the next minute when it is near', async () => {
    const { b, slept } = budget(59_500);
    await b.reserve(70);
    expect(await b.reserve(20)).toEqual({ admitted: true, waitedMs: 500 });
    expect(slept).toEqual([500]);
    expect(b.usedThisMinute).toBe(20);
  });

  it("counts Binance's reported weight when it is higher (requests made elsewhere)", async () => {
    const { b, advance } = budget(0);
    b.report(75);
    b.report(undefined);
    expect((await b.reserve(10)).admitted).toBe(false);
    advance(60_000);
    expect(b.usedThisMinute).toBe(0);
    expect((await b.reserve(10)).admitted).toBe(true);
  });

  it('never admits more than the capacity at once', async () => {
    const { b } = budget(59_900);
    expect((await b.reserve(81)).admitted).toBe(false);
  });
});
