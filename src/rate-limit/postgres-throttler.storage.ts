/**
 * @nestjs/throttler's storage in Postgres, so every instance on the database
 * shares the same buckets (a stranger cannot multiply the limit by the number
 * of instances). One statement per counted request: a fixed window per key
 * and, past the limit, a block until `blockDuration` has passed. While
 * Postgres is unreachable the package's in-memory storage stands in, so an
 * outage never turns into 500s.
 */
import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';

const PRUNE_EVERY_MS = 300_000;

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const INCREMENT_SQL = `
INSERT INTO "RateLimitBucket" AS b (key, hits, "expiresAt", "blockedUntil")
VALUES ($1, 1, now() + $2::float8 * interval '1 millisecond',
        CASE WHEN 1 > $3::int THEN now() + $4::float8 * interval '1 millisecond' END)
ON CONFLICT (key) DO UPDATE SET
  hits = CASE WHEN b."blockedUntil" > now() OR b."expiresAt" > now() THEN b.hits + 1 ELSE 1 END,
  "expiresAt" = CASE WHEN b."blockedUntil" > now() OR b."expiresAt" > now() THEN b."expiresAt"
                     ELSE EXCLUDED."expiresAt" END,
  "blockedUntil" = CASE
    WHEN b."blockedUntil" > now() THEN b."blockedUntil"
    WHEN b."expiresAt" <= now() THEN EXCLUDED."blockedUntil"
    WHEN b.hits + 1 > $3::int THEN now() + $4::float8 * interval '1 millisecond'
  END
RETURNING hits,
  ceil(extract(epoch FROM ("expiresAt" - now())))::int AS "expiresIn",
  ceil(extract(epoch FROM ("blockedUntil" - now())))::int AS "blockedFor"`;

@Injectable()
export class PostgresThrottlerStorage implements ThrottlerStorage, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('RateLimit');
  private readonly fallback = new ThrottlerStorageService();
  private lastFailureLog = 0;
  private timer?: NodeJS.Timeout;

  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.prune().catch(() => undefined), PRUNE_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.fallback.onApplicationShutdown();
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    try {
      const { rows } = await this.pool.query<{ hits: number; expiresIn: number; blockedFor: number | null }>(
        INCREMENT_SQL,
        [key, ttl, limit, blockDuration],
      );
      const { hits, expiresIn, blockedFor } = rows[0];
      const isBlocked = blockedFor !== null && blockedFor > 0;
      return {
        totalHits: hits,
        timeToExpire: Math.max(0, expiresIn),
        isBlocked,
        timeToBlockExpire: isBlocked ? blockedFor : 0,
      };
    } catch (error) {
      if (Date.now() - this.lastFailureLog > 60_000) {
        this.lastFailureLog = Date.now();
        this.logger.warn(
          `rate limit buckets unreachable in Postgres, counting in memory meanwhile: ${(error as Error).message}`,
        );
      }
      return this.fallback.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }

  /** Deletes buckets whose window and block are both over. */
  async prune(): Promise<number> {
    const { rowCount } = await this.pool.query(
      `DELETE FROM "RateLimitBucket" WHERE "expiresAt" < now() AND ("blockedUntil" IS NULL OR "blockedUntil" < now())`,
    );
    return rowCount ?? 0;
  }
}
