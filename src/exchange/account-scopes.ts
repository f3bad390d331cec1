/**
 * Runs work that starts outside an alert (the protection monitor, crash
 * recovery) as one account: its calls through the EXCHANGE port reach that
 * account's adapter and its caches are that account's (account-context.ts).
 * The adapters are built by the accounts module, which sits above trading:
 * it registers itself here at construction, so trading reaches any account
 * through this exchange-level service without importing the accounts module.
 * The default account needs no adapter and runs without it.
 */
import { Injectable } from '@nestjs/common';
import { DEFAULT_ACCOUNT, inAccount } from './account-context';

/** What runs work as an account (implemented by the accounts module's AccountExchanges). */
export interface AccountRunner {
  /** Runs `work` in the account's context; rejects when the account cannot be reached (gone, unreadable keys). */
  runAs<T>(accountId: string, work: () => Promise<T>): Promise<T>;
}

@Injectable()
export class AccountScopes {
  private runner?: AccountRunner;

  /** Called once by the accounts module. */
  use(runner: AccountRunner): void {
    this.runner = runner;
  }

  /** Runs `work` as the account (null or "default": the default account, as outside any alert). */
  run<T>(accountId: string | null | undefined, work: () => Promise<T>): Promise<T> {
    const id = accountId ?? DEFAULT_ACCOUNT;
    if (id === DEFAULT_ACCOUNT) return inAccount({ accountId: DEFAULT_ACCOUNT }, work);
    if (!this.runner) return Promise.reject(new Error(`account ${id} cannot be reached: no accounts module loaded`));
    return this.runner.runAs(id, work);
  }
}
