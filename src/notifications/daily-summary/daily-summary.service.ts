/**
 * The daily summary at NOTIFY_DAILY_SUMMARY_HOUR (UTC): what the journal
 * recorded over the 24 hours before (signals by status, filled orders, traded
 * value) and what the account events say of the same 24 hours (realized PnL,
 * fees, funding, win rate), written once to the outbox whatever the number of
 * instances (its id is the period's). A period without account events leaves
 * the PnL lines out rather than guess.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Pool } from 'pg';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.module';
import { PG_POOL } from '../../database/database.module';
import { AccountEventsService } from '../../account-events/account-events.service';
import { PeriodFiguresRepository } from '../../journal/period-figures.repository';
import { NOTIFICATION_CLOCK, NotificationClock } from '../notification-clock';
import { notificationEvent } from '../notification-events';
import { OutboxWriter } from '../outbox/outbox-writer';
import { pnlFigures } from './pnl-figures';
import { dueSummary } from './summary-schedule';

const CHECK_EVERY_MS = 60_000;

@Injectable()
export class DailySummaryService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Notifications');
  private readonly writer: OutboxWriter;
  private lastWritten?: string;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(NOTIFICATION_CLOCK) private readonly clock: NotificationClock,
    private readonly figures: PeriodFiguresRepository,
    private readonly accountEvents: AccountEventsService,
  ) {
    this.writer = new OutboxWriter(pool);
  }

  onApplicationBootstrap(): void {
    if (this.config.notifications.dailySummaryHourUtc === undefined) return;
    this.timer = setInterval(() => {
      this.running ??= this.writeIfDue()
        .catch((error: Error) => this.logger.warn(`daily summary not written yet: ${error.message}`))
        .finally(() => (this.running = undefined));
    }, CHECK_EVERY_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Writes the summary when one is due and not written yet; returns its id when this call wrote it. */
  async writeIfDue(): Promise<string | undefined> {
    const hour = this.config.notifications.dailySummaryHourUtc;
    if (hour === undefined) return undefined;
    const now = this.clock.now();
    const period = dueSummary(now, hour);
    if (!period || period.id === this.lastWritten) return undefined;
    const exists = await this.pool.query('SELECT 1 FROM "NotificationEvent" WHERE id = $1', [period.id]);
    if (exists.rowCount) {
      this.lastWritten = period.id;
      return undefined;
    }
    const [figures, pnl] = await Promise.all([
      this.figures.figures(period.from, period.to),
      this.accountEvents.pnl({ group: 'symbol', from: period.from.toISOString(), to: period.to.toISOString() }),
    ]);
    const payload = {
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      signalsByStatus: figures.signalsByStatus,
      executedOrders: figures.filledOrders,
      tradedValue: figures.tradedValue,
      ...pnlFigures(pnl.rows),
    };
    const [written] = await this.writer.write([notificationEvent(period.id, 'summary.daily', payload, now)]);
    this.lastWritten = period.id;
    return written;
  }
}
