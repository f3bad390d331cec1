/**
 * Watches the service's own dependencies for the degraded / recovered
 * notifications: Postgres (a SELECT 1), the exchange (its server time, as
 * /api/health asks it) and the exchange's rate-limit pause (set when Binance
 * answers 429/418). Only runs when a channel wants these events. An outage of
 * Postgres can only be written to the outbox once it is back: its degraded
 * and recovered events are kept in memory until then, and go out together.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Pool } from 'pg';
import { PG_POOL } from '../../database/database.module';
import { SwitchableExchange } from '../../exchange/switchable.exchange';
import { SECRET_REDACTOR } from '../../logging/logging.module';
import { SecretRedactor } from '../../logging/secret-redactor';
import { NOTIFICATION_CLOCK, NotificationClock } from '../notification-clock';
import type { NotificationEventRecord } from '../notification-events';
import { OutboxWriter } from '../outbox/outbox-writer';
import { channelsFor } from '../settings/notification-settings';
import { NotificationSettingsService } from '../settings/notification-settings.service';
import { ConditionTracker, Observation } from './condition-tracker';

const CHECK_EVERY_MS = 15_000;
const PROBE_TIMEOUT_MS = 5_000;

@Injectable()
export class ServiceConditionMonitor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Notifications');
  private readonly tracker = new ConditionTracker();
  private readonly writer: OutboxWriter;
  private unwritten: NotificationEventRecord[] = [];
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly exchange: SwitchableExchange,
    private readonly settings: NotificationSettingsService,
    @Inject(NOTIFICATION_CLOCK) private readonly clock: NotificationClock,
    @Inject(SECRET_REDACTOR) private readonly redactor: SecretRedactor,
  ) {
    this.writer = new OutboxWriter(pool);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.checkIfWanted(), CHECK_EVERY_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private checkIfWanted(): Promise<void> {
    this.running ??= (async () => {
      // Settings live in Postgres: when it cannot be read, keep watching (it may be the outage itself).
      const settings = await this.settings.current().catch(() => undefined);
      if (settings && channelsFor(settings, 'service.degraded').length === 0 && this.unwritten.length === 0) return;
      await this.check();
    })()
      .catch((error: Error) => this.logger.warn(`service check failed: ${error.message}`))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  /** One observation; returns the events it produced (written now, or as soon as Postgres takes them). */
  async check(): Promise<NotificationEventRecord[]> {
    const [database, exchange] = await Promise.all([
      probe(this.pool.query('SELECT 1')),
      probe(this.exchange.current.serverTime()),
    ]);
    const current = this.exchange.current;
    const pauses = current.kind === 'binance' ? [current.pausedUntil, current.ordersPausedUntil] : [];
    const until = Math.max(0, ...pauses.filter((p): p is number => p !== undefined));
    const observation: Observation = { database, exchange, rateLimitedUntil: until || undefined };
    // An error text may echo a URL or a key: redacted before it is stored or sent.
    for (const check of [database, exchange]) if (check.detail) check.detail = this.redactor.redactString(check.detail);
    const events = this.tracker.observe(this.clock.now(), observation);
    this.unwritten.push(...events);
    if (this.unwritten.length) {
      try {
        await this.writer.write(this.unwritten);
        this.unwritten = [];
      } catch {
        // Postgres is down: written at a later check.
      }
    }
    return events;
  }
}

async function probe(call: Promise<unknown>): Promise<{ ok: boolean; detail?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
  });
  try {
    await Promise.race([call, timeout]);
    return { ok: true };
  } catch (error) {
    return { ok: false, detail: (error as Error).message.split('\n')[0].slice(0, 200) };
  } finally {
    clearTimeout(timer);
  }
}
