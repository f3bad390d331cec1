/**
 * The queues' cross-instance advisory locks (each symbol of the default
 * account, each account's symbol of a bot), all on one Postgres session: a
 * bot of 50 accounts would otherwise hold 50 pooled connections for the length
 * of its alert, more than the pool has, and every signal would cost a
 * connection and two round trips of its own. Each lock is taken with
 * pg_try_advisory_lock, tried again every few milliseconds while another
 * instance holds it, so one busy key never stalls the others on the shared
 * session. The keys asked for in one turn of the event loop (every account of
 * one alert), or while a try is on its way (concurrent signals), are tried in
 * one statement, and released in one (within a few ms, off the answer path).
 * A key this session already holds is taken again at once (the session counts
 * them): a symbol's next signal in this process does not wait for the release
 * of the one before. Postgres frees a session's locks when it ends: a lost
 * session is replaced, and work already running finishes.
 */
import { Pool, PoolClient } from 'pg';
import { TickBatch } from '../common/tick-batch';

const RETRY_MS = 5;
const UNLOCK_WINDOW_MS = 5;

export class SharedAdvisoryLocks {
  private session?: Promise<PoolClient>;
  /** Queries on the session run one after another (a pg client takes one query at a time). */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly pool: Pool,
    private readonly namespace: number,
  ) {}

  /** One try on its way at a time: the keys asked for meanwhile share the next. */
  private readonly tries = new TickBatch<string, boolean>((keys) => this.tryLocks(keys), 0, 1);
  /** Releases are off the answer path: they wait a few ms for the other accounts of the alert. */
  private readonly unlocks = new TickBatch<string, void>((keys) => this.unlockAll(keys), UNLOCK_WINDOW_MS);

  /** Takes the key's lock (waiting while another instance holds it); resolves with its release. */
  async lock(key: string): Promise<() => void> {
    for (;;) {
      if (await this.tries.request(key)) return () => void this.unlocks.request(key).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }

  /** pg_try_advisory_lock for each key, in order (a key asked twice is taken twice: the session counts). */
  private async tryLocks(keys: string[]): Promise<boolean[]> {
    const client = await this.client();
    const { rows } = await this.query<{ ok: boolean }>(
      client,
      'SELECT pg_try_advisory_lock($1, hashtext(k)) AS ok ' +
        'FROM unnest($2::text[]) WITH ORDINALITY AS t(k, n) ORDER BY n',
      keys,
    );
    return rows.map((row) => row.ok);
  }

  private async unlockAll(keys: string[]): Promise<void[]> {
    // Given back at shutdown: its locks end with its connection, which the pool closes.
    if (this.closed) return keys.map(() => undefined);
    const client = await this.client();
    await this.query(
      client,
      'SELECT pg_advisory_unlock($1, hashtext(k)) FROM unnest($2::text[]) WITH ORDINALITY AS t(k, n) ORDER BY n',
      keys,
    );
    return keys.map(() => undefined);
  }

  private query<R extends object>(client: PoolClient, text: string, keys: string[]) {
    const next = this.chain.catch(() => undefined).then(() => client.query<R>(text, [this.namespace, keys]));
    this.chain = next;
    return next;
  }

  private client(): Promise<PoolClient> {
    // Shutting down: the work still running finishes without the lock (no new session is opened, which
    // would keep the pool from closing).
    if (this.closed) return Promise.reject(new Error('the advisory lock session is closed: shutting down'));
    this.session ??= this.pool.connect().then(
      (client) => {
        const session = this.session;
        const lost = (error: Error) => {
          client.removeListener('error', lost);
          this.giveBack.delete(client);
          client.release(error);
          if (this.session === session) this.session = undefined;
        };
        client.on('error', lost);
        // Given back at shutdown: no longer ours, so a later error of the connection is the pool's.
        this.giveBack.set(client, () => {
          client.removeListener('error', lost);
          client.release();
        });
        return client;
      },
      (error: Error) => {
        this.session = undefined;
        throw error;
      },
    );
    return this.session;
  }

  private readonly giveBack = new Map<PoolClient, () => void>();

  private closed = false;

  /** Gives the session back (at shutdown): Postgres frees its locks. */
  close(): void {
    this.closed = true;
    void this.session
      ?.then((client) => {
        this.giveBack.get(client)?.();
        this.giveBack.delete(client);
      })
      .catch(() => undefined);
    this.session = undefined;
  }
}
