import { ConditionTracker } from './condition-tracker';

const at = (s: number) => new Date(Date.UTC(2026, 10, 27, 10, 0, s));
const up = { database: { ok: true }, exchange: { ok: true } };

describe('ConditionTracker', () => {
  it('reports the exchange down after two failed checks in a row, and its recovery with the duration', () => {
    const tracker = new ConditionTracker();
    expect(tracker.observe(at(0), up)).toEqual([]);
    expect(tracker.observe(at(15), { ...up, exchange: { ok: false, detail: 'timeout' } })).toEqual([]);
    expect(tracker.observe(at(30), { ...up, exchange: { ok: false, detail: 'timeout' } })).toEqual([
      {
        id: 'service.degraded:exchange:2026-11-27T10:00:00.000Z',
        type: 'service.degraded',
        occurredAt: at(30).toISOString(),
        payload: { condition: 'exchange', since: at(15).toISOString(), detail: 'timeout' },
      },
    ]);
    expect(tracker.observe(at(45), { ...up, exchange: { ok: false } })).toEqual([]);
    expect(tracker.observe(at(59), up)).toEqual([
      expect.objectContaining({
        id: 'service.recovered:exchange:2026-11-27T10:00:00.000Z',
        payload: { condition: 'exchange', since: at(15).toISOString(), downForMs: 44_000 },
      }),
    ]);
    expect(tracker.observe(at(75), up)).toEqual([]);
  });

  it('ignores a single failed check', () => {
    const tracker = new ConditionTracker();
    expect(tracker.observe(at(0), { ...up, database: { ok: false } })).toEqual([]);
    expect(tracker.observe(at(15), up)).toEqual([]);
    expect(tracker.observe(at(30), { ...up, database: { ok: false } })).toEqual([]);
  });

  it('reports a rate-limit pause at once, and says nothing of the exchange meanwhile', () => {
    const tracker = new ConditionTracker();
    const paused = tracker.observe(at(0), { ...up, exchange: { ok: false }, rateLimitedUntil: at(40).getTime() });
    expect(paused).toEqual([
      expect.objectContaining({
        type: 'service.degraded',
        payload: {
          condition: 'rate-limited',
          since: at(0).toISOString(),
          detail: 'Exchange requests paused until 10:00:40 UTC',
        },
      }),
    ]);
    expect(tracker.observe(at(15), { ...up, exchange: { ok: false }, rateLimitedUntil: at(40).getTime() })).toEqual([]);
    expect(tracker.observe(at(45), { ...up, rateLimitedUntil: at(40).getTime() })).toEqual([
      expect.objectContaining({
        type: 'service.recovered',
        payload: { condition: 'rate-limited', since: at(0).toISOString(), downForMs: 45_000 },
      }),
    ]);
  });

  it('names events by the minute the condition began, the same on every instance', () => {
    const a = new ConditionTracker();
    const b = new ConditionTracker();
    const down = { ...up, database: { ok: false } };
    a.observe(at(1), down);
    b.observe(at(9), down);
    expect(a.observe(at(16), down)[0].id).toBe(b.observe(at(24), down)[0].id);
  });
});
