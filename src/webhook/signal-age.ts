/**
 * Stale alerts: TradingView can deliver an alert minutes late (a backlog), and
 * acting on it is acting on an old price. An alert that carries `time`
 * ({{timenow}}: ISO 8601, or epoch seconds or milliseconds) older than
 * `max_age_s` (per alert) or MAX_SIGNAL_AGE_S (config; 0 = off) is refused
 * before any exchange call (pure). An alert without `time` is not checked.
 */
import { parseAlertTime } from '../common/alert-time';
import { SignalRejection } from '../common/signal-rejection';
import { describe } from './dto/decimal-validators';
import { isBlank } from './protection-fields';

const MAX_AGE_LIMIT_S = 86_400;

/** The alert's `time` in epoch milliseconds; refuses what is not {{timenow}} or an epoch. */
export function alertTime(value: unknown): number {
  const ms = parseAlertTime(value);
  if (ms === undefined) {
    throw new SignalRejection(
      `Invalid time: expected {{timenow}} (ISO 8601) or epoch milliseconds (got ${describe(value)})`,
      'VALIDATION',
      422,
      ['Use "time": "{{timenow}}"'],
    );
  }
  return ms;
}

/** The alert's age limit in seconds, or undefined when it is not checked. */
function maxAge(payload: Record<string, unknown>, configured: number): number | undefined {
  if (isBlank(payload.max_age_s)) return configured > 0 ? configured : undefined;
  const raw = payload.max_age_s;
  const seconds = typeof raw === 'string' && /^\d{1,6}$/.test(raw.trim()) ? Number(raw) : raw;
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 1 || seconds > MAX_AGE_LIMIT_S) {
    throw new SignalRejection(
      `Invalid max_age_s: must be an integer from 1 to ${MAX_AGE_LIMIT_S} seconds (got ${describe(raw)})`,
      'VALIDATION',
      422,
      ['Use e.g. "max_age_s": 60 with "time": "{{timenow}}"'],
    );
  }
  return seconds;
}

export function checkSignalAge(
  payload: Record<string, unknown>,
  receivedAtMs: number,
  configuredMaxAgeS: number,
): void {
  const limit = maxAge(payload, configuredMaxAgeS);
  const hasTime = !isBlank(payload.time);
  if (!isBlank(payload.max_age_s) && !hasTime) {
    throw new SignalRejection('max_age_s needs the alert\'s time: add "time": "{{timenow}}"', 'VALIDATION', 422, [
      'Add "time": "{{timenow}}" to the alert message',
    ]);
  }
  if (!hasTime) return;
  const sentAt = alertTime(payload.time);
  if (limit === undefined) return;
  const ageS = (receivedAtMs - sentAt) / 1000;
  if (ageS > limit) {
    throw new SignalRejection(
      `Stale alert: sent at ${new Date(sentAt).toISOString()}, received ${ageS.toFixed(1)} s later ` +
        `(more than the ${limit} s allowed): not executed, the price it was sent for has passed`,
      'STALE',
      422,
      [
        'Nothing to do if the delay came from TradingView; ' +
          'raise max_age_s (or MAX_SIGNAL_AGE_S) to accept later alerts',
      ],
    );
  }
}
