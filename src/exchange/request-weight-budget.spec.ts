import { RequestWeightBudget, WeightClaim } from './request-weight-budget';

describe('RequestWeightBudget', () => {
  /** Without the reserves unless asked: the minute's arithmetic alone. */
  function budget(startMs: number, maxWaitMs = 1000, reserves = { reductionReserve: 0, othersReserve: 0 }) {
    let now = startMs;
    const slept: number[] = [];
    const b = new RequestWeightBudget({
      limit: 100,
      share: 0.8,
      ...reserves,
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

  describe('shared by bots: closes keep headroom, no bot takes it all', () => {
    // Capacity 80 (limit 100, share 0.8): entries use at most 72 (10% kept for closes), one bot at most 64.
    const reserved = () => budget(0, 0, { reductionReserve: 0.1, othersReserve: 0.2 }).b;
    const entry = (holder: string): WeightClaim => ({ holder, reducesOnly: false });
    const close = (holder: string): WeightClaim => ({ holder, reducesOnly: true });

    it('one bot flooding entries or closes stops at its limit; the others still trade', async () => {
      const b = reserved();
      expect(b.entryCapacity).toBe(72);
      expect(b.holderCapacity).toBe(64);
      let admitted = 0;
      while ((await b.reserve(4, close('flood'))).admitted) admitted++;
      expect(admitted * 4).toBe(64);
      expect((await b.reserve(4, entry('flood'))).admitted).toBe(false);
      // Another bot's entries find the rest of the entries' pool (72 - 64), its closes the rest of all (80 - 64).
      expect((await b.reserve(8, entry('other'))).admitted).toBe(true);
      expect((await b.reserve(4, entry('other'))).admitted).toBe(false);
      expect((await b.reserve(8, close('other'))).admitted).toBe(true);
      expect(b.usedThisMinute).toBe(80);
    });

    it('entries never take the headroom kept for closes', async () => {
      const b = reserved();
      for (const holder of ['a', 'b', 'c']) expect((await b.reserve(24, entry(holder))).admitted).toBe(true);
      expect((await b.reserve(1, entry('d'))).admitted).toBe(false);
      expect((await b.reserve(8, close('a'))).admitted).toBe(true);
    });

    it("Binance's reported weight counts against every pool, the holders' limits start again each minute", async () => {
      const { b, advance } = budget(0, 0, { reductionReserve: 0.1, othersReserve: 0.2 });
      b.report(70);
      expect((await b.reserve(4, entry('a'))).admitted).toBe(false);
      expect((await b.reserve(4, close('a'))).admitted).toBe(true);
      advance(60_000);
      expect((await b.reserve(64, entry('a'))).admitted).toBe(true);
    });
  });
});
