/**
 * When the daily summary is due (pure): at the configured hour (UTC) it covers
 * the 24 hours before. An instance that was down at that hour still sends it
 * later the same day; past that the day is skipped, not sent stale.
 */
const DAY_MS = 86_400_000;
const CATCH_UP_MS = 12 * 3_600_000;

export interface SummaryPeriod {
  id: string;
  from: Date;
  to: Date;
}

export function dueSummary(now: Date, hourUtc: number): SummaryPeriod | undefined {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hourUtc);
  const to = today <= now.getTime() ? today : today - DAY_MS;
  if (now.getTime() - to > CATCH_UP_MS) return undefined;
  return {
    id: `summary.daily:${new Date(to).toISOString().slice(0, 13)}`,
    from: new Date(to - DAY_MS),
    to: new Date(to),
  };
}
