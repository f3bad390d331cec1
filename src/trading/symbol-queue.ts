/**
 * Signals for one symbol run one at a time, in arrival order; different
 * symbols run in parallel. In this process a FIFO chain per symbol orders
 * them; a Postgres advisory lock per symbol serialises them across instances
 * of the service sharing one database. A bot's accounts queue per account and
 * symbol ("<account id>:<symbol>"). Every lock is held on one shared session
 * (shared-advisory-locks.ts): a bot of many accounts holds one connection, and
 * the locks and releases of concurrent signals share their statements instead
 * of costing each signal a connection and two round trips of its own.
 */
import { Pool } from 'pg';
import { DEFAULT_ACCOUNT } from '../exchange/account-context';
import { SharedAdvisoryLocks } from './shared-advisory-locks';

/** Namespace of our advisory locks (first key), so they never meet another application's. */
const LOCK_NAMESPACE = 0x7476; // "tv"

/**
 * The queue key of an account's symbol: the default account keeps the plain symbol (today's routes share
 * it); every other account queues its own ("<account id>:<symbol>"), alerts and protection checks alike.
 */
export function queueKey(accountId: string, symbol: string): string {
  return accountId === DEFAULT_ACCOUNT ? symbol : `${accountId}:${symbol}`;
}

/** A place in a symbol's queue: given its work once known, or released. */
export interface QueuePlace {
  run<T>(work: () => Promise<T>): Promise<T>;
  release(): void;
}

export class SymbolQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  private readonly shared?: SharedAdvisoryLocks;

  constructor(private readonly pool?: Pool) {
    this.shared = pool && new SharedAdvisoryLocks(pool, LOCK_NAMESPACE);
  }

  /** Gives the accounts' shared lock session back before the pool closes (shutdown waits for it otherwise). */
  beforeApplicationShutdown(): void {
    this.shared?.close();
  }

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

  private locked<T>(symbol: string, work: () => Promise<T>): Promise<T> {
    return this.shared ? this.sharedLocked(symbol, this.shared, work) : work();
  }

  /**
   * The key's lock on the shared session. Postgres unreachable: time matters more to a trade than the
   * cross-instance lock; this process's queue still keeps the order.
   */
  private async sharedLocked<T>(key: string, locks: SharedAdvisoryLocks, work: () => Promise<T>): Promise<T> {
    let release: (() => void) | undefined;
    try {
      release = await locks.lock(key);
    } catch {
      return work();
    }
    try {
      return await work();
    } finally {
      release();
    }
  }
}
