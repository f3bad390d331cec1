/**
 * Signals for one symbol run one at a time, in arrival order; different
 * symbols run in parallel. In this process a FIFO chain per symbol orders
 * them; a Postgres advisory lock per symbol serialises them across instances
 * of the service sharing one database.
 */
import { Pool, PoolClient } from 'pg';

/** Namespace of our advisory locks (first key), so they never meet another application's. */
const LOCK_NAMESPACE = 0x7476; // "tv"

/** A place in a symbol's queue: given its work once known, or released. */
export interface QueuePlace {
  run<T>(work: () => Promise<T>): Promise<T>;
  release(): void;
}

export class SymbolQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(private readonly pool?: Pool) {}

  /** Queues `work` behind earlier work for the same symbol. Call synchronously on arrival. */
  run<T>(symbol: string, work: () => Promise<T>): Promise<T> {
    return this.reserve(symbol).run(work);
  }

  /**
   * Takes the symbol's next place now, for work that is only known after an
   * await (the duplicate check of an alert with an id looks in Postgres): two
   * alerts arriving in one order run in that order, however long each check
   * takes. A released place passes its turn on at once, without the lock.
   */
  reserve(symbol: string): QueuePlace {
    let give!: (work: (() => Promise<unknown>) | undefined) => void;
    const given = new Promise<(() => Promise<unknown>) | undefined>((resolve) => (give = resolve));
    const previous = this.tails.get(symbol) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        const work = await given;
        return work ? this.locked(symbol, work) : undefined;
      });
    const tail = next.catch(() => undefined);
    this.tails.set(symbol, tail);
    void tail.then(() => {
      if (this.tails.get(symbol) === tail) this.tails.delete(symbol);
    });
    return {
      run: <T>(work: () => Promise<T>) => {
        give(work);
        return next as Promise<T>;
      },
      release: () => give(undefined),
    };
  }

  private async locked<T>(symbol: string, work: () => Promise<T>): Promise<T> {
    if (!this.pool) return work();
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch {
      // Postgres unreachable: time matters more to a trade than the
      // cross-instance lock; this process's queue still keeps the order.
      return work();
    }
    // A connection lost while we hold it (Postgres restarting) must not crash the
    // process: the error surfaces on the next query, and the client is discarded.
    let lost: Error | undefined;
    const onError = (error: Error): void => {
      lost = error;
    };
    client.on('error', onError);
    const release = (error?: Error): void => {
      client.removeListener('error', onError);
      client.release(error ?? lost);
    };
    try {
      await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [LOCK_NAMESPACE, symbol]);
    } catch (error) {
      release(error as Error);
      return work();
    }
    try {
      return await work();
    } finally {
      // Unlocking is off the answer path: the result is already settled.
      void client
        .query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_NAMESPACE, symbol])
        .then(() => release())
        .catch((error: Error) => release(error));
    }
  }
}
