/**
 * Retention of the outbox: a notification delivered to every channel it was
 * meant for (or fanned out to none) is deleted NOTIFY_RETENTION_DAYS after its
 * event, with its deliveries, in the background (at boot, then hourly), in
 * batches so a large backlog never holds long locks. Messages not delivered
 * (FAILED, or still being retried) are kept: they are what the trader did not
 * get, and the admin API lists them.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.module';
import { PG_POOL } from '../../database/database.module';

const EVERY_MS = 3_600_000;
const BATCH = 5_000;

@Injectable()
export class DeliveredNotificationsPruner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Retention');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.notifications.retentionDays === 0) return;
    // Not awaited: a large first prune must not delay the start.
    void this.prune().catch((error: Error) => this.logger.warn(`could not prune notifications: ${error.message}`));
    this.timer = setInterval(() => void this.prune().catch(() => undefined), EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Deletes the delivered messages past retention; returns how many events were deleted. */
  prune(): Promise<number> {
    const days = this.config.notifications.retentionDays;
    if (days === 0) return Promise.resolve(0);
    this.running ??= (async () => {
      let deleted = 0;
      for (;;) {
        // Deliveries go with their event (ON DELETE CASCADE).
        const { rowCount } = await this.pool.query(
          `DELETE FROM "NotificationEvent" WHERE id IN (
             SELECT e.id FROM "NotificationEvent" e
              WHERE e."fannedOutAt" IS NOT NULL AND e."occurredAt" < now() - make_interval(days => $1)
                AND NOT EXISTS (
                  SELECT 1 FROM "NotificationDelivery" d WHERE d."eventId" = e.id AND d.status <> 'DELIVERED')
              LIMIT ${BATCH})`,
          [days],
        );
        deleted += rowCount ?? 0;
        if ((rowCount ?? 0) < BATCH) break;
      }
      if (deleted) this.logger.log(`deleted ${deleted} delivered notification(s) older than ${days} day(s)`);
      return deleted;
    })().finally(() => (this.running = undefined));
    return this.running;
  }
}
