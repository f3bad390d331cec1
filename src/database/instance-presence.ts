/**
 * Whether other instances of the service share this database (and so, in a
 * deployment of several instances, the exchange account): each holds a shared
 * advisory lock on its own session for its life, and the locks are counted
 * every few seconds. The live account state trades only on what this instance
 * knows; another instance's fills reach it only through the stream, maybe
 * after its next signal, so with others present signals read over REST.
 * Unknown (Postgres unreachable) counts as not alone.
 */
import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';
import { PG_POOL } from './pg-pool.token';

/** Advisory lock keys: a namespace of their own ("tw"), and one key for presence. */
const PRESENCE_KEYS = [0x7477, 1];
const CHECK_EVERY_MS = 2000;

@Injectable()
export class InstancePresence implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private held?: { session: PoolClient; onError: (error: Error) => void; locked: boolean };
  private others?: number;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** True once this instance has seen that no other instance shares its database. */
  get alone(): boolean {
    return this.others === 0;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.check();
    this.timer = setInterval(() => void this.check(), CHECK_EVERY_MS);
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.drop();
  }

  /** Gives the session back, closed (its lock goes with it); a session that failed is given back once. */
  private drop(error?: Error): void {
    const held = this.held;
    this.held = undefined;
    if (!held) return;
    held.session.removeListener('error', held.onError);
    held.session.on('error', () => undefined); // closed: nothing it says any more matters
    held.session.release(error ?? true);
  }

  private async check(): Promise<void> {
    try {
      if (!this.held) {
        const session = await this.pool.connect();
        const onError = (error: Error) => {
          if (this.held?.session === session) this.drop(error);
        };
        session.on('error', onError);
        const held = { session, onError, locked: false };
        this.held = held;
        if (this.stopped) return this.drop();
        await session.query('SELECT pg_advisory_lock_shared($1, $2)', PRESENCE_KEYS);
        held.locked = true;
      }
      const { rows } = await this.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks
          WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND objsubid = 2 AND granted
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        PRESENCE_KEYS,
      );
      this.others = Math.max(0, rows[0].n - 1);
    } catch (error) {
      this.others = undefined;
      // A session whose lock was not taken is no use: the next check starts afresh.
      if (this.held && !this.held.locked) this.drop(error as Error);
    }
  }
}
