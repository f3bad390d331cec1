import { dueSummary } from './summary-schedule';

const utc = (day: number, hour: number, minute = 0) => new Date(Date.UTC(2026, 10, day, hour, minute));

describe('dueSummary', () => {
  it('is due from the configured hour, for the 24 hours before it', () => {
    expect(dueSummary(utc(27, 8, 59), 21)).toEqual({
      id: 'summary.daily:2026-11-26T21',
      from: utc(25, 21),
      to: utc(26, 21),
    });
    expect(dueSummary(utc(27, 20, 59), 21)).toBeUndefined();
    expect(dueSummary(utc(27, 21, 0), 21)).toEqual({
      id: 'summary.daily:2026-11-27T21',
      from: utc(26, 21),
      to: utc(27, 21),
    });
    expect(dueSummary(utc(28, 8, 59), 21)?.id).toBe('summary.daily:2026-11-27T21');
  });

  it('catches up within 12 hours of the hour, not later', () => {
    expect(dueSummary(utc(28, 9, 1), 21)).toBeUndefined();
    expect(dueSummary(utc(27, 11, 59), 0)?.id).toBe('summary.daily:2026-11-27T00');
    expect(dueSummary(utc(27, 12, 1), 0)).toBeUndefined();
  });
});
