/**
 * Which account the code running now trades. An alert to a bot runs once per
 * account, in parallel; each run happens inside its account's context, so
 * every call through the EXCHANGE port (SwitchableExchange) reaches that
 * account's own adapter and every per-account cache reads that account's
 * entry, without the trading flows knowing there is more than one account.
 * Outside any context (today's routes, the monitors) it is the default account.
 * Node's AsyncLocalStorage carries the context across every await of the run.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { SignalRejection } from '../common/signal-rejection';
import type { ExchangePort } from './exchange.port';

export const DEFAULT_ACCOUNT = 'default';

export interface AccountScope {
  accountId: string;
  /** The account's adapter; none for the default account (the port's own adapter serves it). */
  exchange?: ExchangePort;
  /**
   * Asked immediately before each order of the run is sent: an error (a kill switch turned on since the
   * run began) withholds the order. Absent: nothing to ask.
   */
  beforeOrder?: () => Promise<SignalRejection | undefined>;
}

const storage = new AsyncLocalStorage<AccountScope>();

/** Runs `work` as `scope`'s account: its exchange calls and caches are that account's. */
export function inAccount<T>(scope: AccountScope, work: () => Promise<T>): Promise<T> {
  return storage.run(scope, work);
}

/** The account being traded now ("default" outside any account's run). */
export function currentAccountId(): string {
  return storage.getStore()?.accountId ?? DEFAULT_ACCOUNT;
}

/** The adapter of the account being traded now, when it is not the default one. */
export function currentAccountExchange(): ExchangePort | undefined {
  return storage.getStore()?.exchange;
}

/** Why the order about to be sent must not be, if it must not (the run's kill switches). */
export function orderWithheldBy(): Promise<SignalRejection | undefined> {
  return storage.getStore()?.beforeOrder?.() ?? Promise.resolve(undefined);
}

/** A value kept per account (a cached setting): each account reads and writes its own. */
export class PerAccount<T> {
  private readonly values = new Map<string, T>();

  constructor(private readonly initial: () => T) {}

  get current(): T {
    const id = currentAccountId();
    let value = this.values.get(id);
    if (value === undefined) {
      value = this.initial();
      this.values.set(id, value);
    }
    return value;
  }

  /** An account's value, if it has one yet (without creating it). */
  peek(accountId: string): T | undefined {
    return this.values.get(accountId);
  }
}
