/**
 * Turns periodic observations of the service's dependencies into
 * degraded / recovered events (pure). A database or exchange check must fail
 * twice in a row before it counts as down (one slow answer is not an outage);
 * a rate-limit pause counts at once, since the exchange itself declared it.
 * Event ids use the minute the condition began, so instances that notice the
 * same outage write one event between them.
 */
import { notificationEvent, NotificationEventRecord, ServiceCondition } from '../notification-events';

export interface Observation {
  /** undefined: not checked this time (nothing to say about it). */
  database?: { ok: boolean; detail?: string };
  exchange?: { ok: boolean; detail?: string };
  /** When the exchange's pause ends; undefined when not paused. */
  rateLimitedUntil?: number;
}

interface State {
  failures: number;
  firstFailureAt?: Date;
  downSince?: Date;
}

const FAILURES_TO_DOWN: Record<ServiceCondition, number> = { database: 2, exchange: 2, 'rate-limited': 1 };
const minute = (at: Date) => new Date(Math.floor(at.getTime() / 60_000) * 60_000).toISOString();

export class ConditionTracker {
  private readonly states: Record<ServiceCondition, State> = {
    database: { failures: 0 },
    exchange: { failures: 0 },
    'rate-limited': { failures: 0 },
  };

  observe(at: Date, observation: Observation): NotificationEventRecord[] {
    const limited = observation.rateLimitedUntil !== undefined && observation.rateLimitedUntil > at.getTime();
    const until = limited ? new Date(observation.rateLimitedUntil!).toISOString().slice(11, 19) : '';
    return [
      ...this.step('database', at, observation.database),
      // While paused, the exchange is not asked (a paused client refuses calls): no news about it.
      ...this.step('exchange', at, limited ? undefined : observation.exchange),
      ...this.step('rate-limited', at, { ok: !limited, detail: `Exchange requests paused until ${until} UTC` }),
    ];
  }

  private step(
    condition: ServiceCondition,
    at: Date,
    check?: { ok: boolean; detail?: string },
  ): NotificationEventRecord[] {
    if (!check) return [];
    const state = this.states[condition];
    if (check.ok) {
      const since = state.downSince;
      Object.assign(state, { failures: 0, firstFailureAt: undefined, downSince: undefined });
      if (!since) return [];
      const payload = { condition, since: since.toISOString(), downForMs: at.getTime() - since.getTime() };
      return [notificationEvent(`service.recovered:${condition}:${minute(since)}`, 'service.recovered', payload, at)];
    }
    state.failures += 1;
    state.firstFailureAt ??= at;
    if (state.downSince || state.failures < FAILURES_TO_DOWN[condition]) return [];
    state.downSince = state.firstFailureAt;
    const payload = { condition, since: state.downSince.toISOString(), detail: check.detail ?? 'no answer' };
    return [
      notificationEvent(`service.degraded:${condition}:${minute(state.downSince)}`, 'service.degraded', payload, at),
    ];
  }
}
