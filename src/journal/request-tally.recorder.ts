/**
 * Requests counted instead of stored: one row per kind, address and hour,
 * incremented in one statement. Unauthenticated webhook requests are stored
 * (as a bounded record) only while their address stays under a threshold per
 * hour; past it they only add to this count, so strangers cannot grow the
 * database. Throttled requests are counted here too, for the stats.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';

export type TallyKind = 'UNAUTHENTICATED' | 'THROTTLED_WEBHOOK' | 'THROTTLED_ADMIN';

const HOUR_MS = 3_600_000;
/** Bound of the in-memory fallback used while Postgres is unreachable. */
const MAX_LOCAL_KEYS = 10_000;

const TALLY_SQL = `
INSERT INTO "RequestTally" (kind, "clientIp", "windowStart", count, "notStored", "lastAt")
VALUES ($1, $2, date_trunc('hour', now()), 1, CASE WHEN 1 > $3 THEN 1 ELSE 0 END, now())
ON CONFLICT (kind, "clientIp", "windowStart") DO UPDATE SET
  count = "RequestTally".count + 1,
  "notStored" = "RequestTally"."notStored" + CASE WHEN "RequestTally".count + 1 > $3 THEN 1 ELSE 0 END,
  "lastAt" = now()
RETURNING count`;

@Injectable()
export class RequestTallyRecorder {
  private readonly logger = new Logger('RequestTally');
  /** Counts kept while Postgres refuses writes (so an outage does not lift the threshold). */
  private readonly local = new Map<string, number>();
  private lastFailureLog = 0;

  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /**
   * Counts one request of `kind` from `clientIp`; true while the address is
   * within `storeLimit` requests this hour (the request may then be stored).
   */
  async count(kind: TallyKind, clientIp: string | undefined, storeLimit: number): Promise<boolean> {
    const address = clientIp || 'unknown';
    try {
      const { rows } = await this.pool.query<{ count: number }>(TALLY_SQL, [kind, address, storeLimit]);
      return rows[0].count <= storeLimit;
    } catch (error) {
      if (Date.now() - this.lastFailureLog > 60_000) {
        this.lastFailureLog = Date.now();
        this.logger.warn(
          `could not count ${kind} requests in Postgres (counting locally): ${(error as Error).message}`,
        );
      }
      const key = `${kind}|${address}|${Math.floor(Date.now() / HOUR_MS)}`;
      const count = (this.local.get(key) ?? 0) + 1;
      if (!this.local.has(key) && this.local.size >= MAX_LOCAL_KEYS)
        this.local.delete(this.local.keys().next().value as string);
      this.local.set(key, count);
      return count <= storeLimit;
    }
  }
}
