/**
 * Cross-instance advisory locks for the accounts of a bot, all on one
 * Postgres session: a bot of 50 accounts would otherwise hold 50 pooled
 * connections for the length of its alert, more than the pool has. Each lock
 * is taken with pg_try_advisory_lock, tried again every few milliseconds while
 * another instance holds it, so one busy key never stalls the others on the
 * shared session. Postgres frees a session's locks when it ends: a lost
 * session is replaced, and work already running finishes (as when the
 * per-symbol lock's connection is lost).
 */
import { Pool, PoolClient } from 'pg';

const RETRY_MS = 5;

export class SharedAdvisoryLocks {
  private session?: Promise<PoolClient>;
  /** Queries on the session run one after another (a pg client takes one query at a time). */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly pool: Pool,
    private readonly namespace: number,
  ) {}

  /** Takes the key's lock (waiting while another instance holds it); resolves with its release. */
  async lock(key: string): Promise<() => void> {
    for (;;) {
      const client = await this.client();
      const { rows } = await this.query<{ ok: boolean }>(
        client,
        'SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok',
        key,
      );
      if (rows[0]?.ok) {
        return () => {
          void this.query(client, 'SELECT pg_advisory_unlock($1, hashtext($2))', key).catch(() => undefined);
        };
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }

  private query<R extends object>(client: PoolClient, text: string, key: string) {
    const next = this.chain.catch(() => undefined).then(() => client.query<R>(text, [this.namespace, key]));
    this.chain = next;
    return next;
  }

  private client(): Promise<PoolClient> {
    this.session ??= this.pool.connect().then(
      (client) => {
        const lost = (error: Error) => {
          client.removeListener('error', lost);
          client.release(error);
          this.session = undefined;
        };
        client.on('error', lost);
        return client;
      },
      (error: Error) => {
        this.session = undefined;
        throw error;
      },
    );
    return this.session;
  }

  /** Gives the session back (at shutdown): Postgres frees its locks. */
  close(): void {
    void this.session?.then((client) => client.release()).catch(() => undefined);
    this.session = undefined;
  }
}
