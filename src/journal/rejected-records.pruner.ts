/**
 * Retention of rejected records: signals refused before any order (bad input,
 * no secret, refused source) and the request tallies are deleted once older
 * than REJECTED_RETENTION_DAYS, in the background (at boot, then hourly), in
 * batches so a large backlog never holds long locks. Executed, failed and
 * skipped signals are the trading record and are never pruned.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { RepeatingJob } from '../common/repeating-job';
import { Pool } from 'pg';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import { PG_POOL } from '../database/database.module';

const EVERY_MS = 3_600_000;
const BATCH = 5_000;

@Injectable()
export class RejectedRecordsPruner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Retention');
  private readonly job = new RepeatingJob(() => this.pruneAll(this.config.rejectedRetentionDays));

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.rejectedRetentionDays === 0) return;
    // Not awaited: a large first prune must not delay the start.
    void this.prune().catch((error: Error) => this.logger.warn(`could not prune rejected records: ${error.message}`));
    this.job.start(EVERY_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  /** Deletes what is past retention; returns how many rejected signals were deleted. */
  prune(): Promise<number> {
    const days = this.config.rejectedRetentionDays;
    if (days === 0) return Promise.resolve(0);
    return this.job.run();
  }

  private async pruneAll(days: number): Promise<number> {
    let deleted = 0;
    for (;;) {
      const { rowCount } = await this.pool.query(
        `DELETE FROM "Signal" WHERE id IN (
           SELECT id FROM "Signal"
            WHERE status = 'REJECTED' AND "receivedAt" < now() - make_interval(days => $1)
            LIMIT ${BATCH})`,
        [days],
      );
      deleted += rowCount ?? 0;
      if ((rowCount ?? 0) < BATCH) break;
    }
    await this.pool.query(`DELETE FROM "RequestTally" WHERE "windowStart" < now() - make_interval(days => $1)`, [days]);
    if (deleted) this.logger.log(`deleted ${deleted} rejected signal(s) older than ${days} day(s)`);
    return deleted;
  }
}
