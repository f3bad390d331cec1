/**
 * Each account's own exchange adapter, built by the one exchange factory from
 * the account's mode and keys (the secret decrypted here, and added to the
 * redaction list) and started once: its clock offset, symbol rules and paper
 * state are its own. A live or testnet account's stream and live state start
 * with its adapter (account-live-states.ts). An account changed through the
 * admin API (new keys, another mode) gets a new adapter, stream and state;
 * the old ones stop, as they do when it is disabled or removed.
 * The default account is served by the EXCHANGE port itself (environment or
 * /api/binance/config), so it has no adapter here.
 */
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { Account } from '../generated/prisma/client';
import { open } from '../common/secret-box';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import { PrismaService } from '../database/prisma.service';
import { createAccountExchange, ExchangeAccount, ManagedExchange } from '../exchange/exchange.factory';
import { SECRET_REDACTOR } from '../logging/logging.module';
import { SecretRedactor } from '../logging/secret-redactor';
import { inAccount } from '../exchange/account-context';
import { AccountRunner, AccountScopes } from '../exchange/account-scopes';
import { RequestWeightBudget } from '../exchange/request-weight-budget';
import { MultiAssetsModeCache } from '../positions/multi-assets-mode.cache';
import { PositionModeCache } from '../positions/position-mode.cache';
import { AccountLiveStates } from '../positions/account-state/account-live-states';
import { DEFAULT_ACCOUNT_ID } from './account.repository';

/** GET /fapi/v1/positionSide/dual and GET /fapi/v1/multiAssetsMargin: weight 30 each. */
const SETTINGS_WEIGHT = 60;
/**
 * An execution on a fresh live state reads nothing: its orders weigh 0 on the IP limit, a leverage or margin
 * type change 1 each (POST /fapi/v1/leverage, POST /fapi/v1/marginType).
 */
export const FRESH_EXECUTION_WEIGHT = 2;

interface Built {
  version: number;
  adapter: ManagedExchange;
  started: Promise<void>;
}

@Injectable()
export class AccountExchanges implements AccountRunner, OnApplicationShutdown {
  private readonly built = new Map<string, Built>();
  private readonly logger = new Logger('Accounts');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SECRET_REDACTOR) private readonly redactor: SecretRedactor,
    private readonly prisma: PrismaService,
    private readonly budget: RequestWeightBudget,
    private readonly positionModes: PositionModeCache,
    private readonly multiAssets: MultiAssetsModeCache,
    private readonly liveStates: AccountLiveStates,
    scopes: AccountScopes,
  ) {
    // The protection monitor and crash recovery (trading, below this module) reach accounts through it.
    scopes.use(this);
  }

  /**
   * Runs `work` as the account, on its adapter (the protection monitor, crash recovery), and counts
   * the weight Binance reported for it in the per-IP budget. Rejects when the account is gone or its
   * adapter cannot be built (unreadable keys, exchange unreachable at start).
   */
  async runAs<T>(accountId: string, work: () => Promise<T>): Promise<T> {
    const account = await this.prisma.account.findUnique({ where: { id: accountId } });
    if (!account) throw new Error(`account ${accountId} no longer exists`);
    const adapter = await this.adapterOf(account);
    try {
      return await inAccount({ accountId, exchange: adapter }, work);
    } finally {
      if (adapter?.kind === 'binance') this.budget.report(adapter.usedWeight1m());
    }
  }

  /** The account's started adapter; undefined for the default account (the EXCHANGE port's own). */
  async adapterOf(account: Account): Promise<ManagedExchange | undefined> {
    if (account.id === DEFAULT_ACCOUNT_ID) return undefined;
    const version = account.updatedAt.getTime();
    let built = this.built.get(account.id);
    if (!built || built.version !== version) {
      if (built) this.release(account.id);
      const adapter = createAccountExchange(this.config, this.prisma, this.exchangeAccount(account));
      const started = adapter.start().then(() => {
        // Unless the account changed again meanwhile: its stream and live state, then its settings.
        if (this.built.get(account.id)?.adapter === adapter) {
          this.liveStates.start(account.id, adapter, (weight) => this.paceSnapshot(weight));
        }
        return this.warmSettings(account.id, adapter);
      });
      built = { version, adapter, started };
      this.built.set(account.id, built);
      // A start that failed (exchange unreachable) is tried again on the next alert.
      const failed = built;
      built.started.catch((error: Error) => {
        this.logger.warn(`account ${account.name}: exchange not reachable at start: ${error.message}`);
        if (this.built.get(account.id) === failed) this.built.delete(account.id);
      });
    }
    await built.started;
    return built.adapter;
  }

  /** Stops the account's adapter, stream and live state (disabled, removed or re-keyed); the next use builds anew. */
  release(accountId: string): void {
    const built = this.built.get(accountId);
    this.built.delete(accountId);
    built?.adapter.stop();
    void this.liveStates.stop(accountId);
  }

  /** Builds and starts the adapters of these accounts ahead of their first alert; failures are only logged. */
  async warm(accounts: Account[]): Promise<void> {
    await Promise.all(accounts.filter((a) => a.enabled).map((a) => this.adapterOf(a).catch(() => undefined)));
  }

  /**
   * The request weight an execution on this account is expected to use: the alert's reads and orders (`base`),
   * or only its orders and settings changes when its live state is fresh (a read it still needs, e.g. for a
   * mark price not streamed yet, is counted from Binance's own figure afterwards), and the two 30-weight
   * setting reads when the account's settings are not cached.
   */
  expectedWeight(accountId: string, base: number): number {
    const settingsCached = this.positionModes.isFresh(accountId) && this.multiAssets.isFresh(accountId);
    const execution = this.liveStates.get(accountId)?.health().fresh ? FRESH_EXECUTION_WEIGHT : base;
    return settingsCached ? execution : execution + SETTINGS_WEIGHT;
  }

  /**
   * The account's position mode and Multi-Assets mode (30 weight each) are read once here, paced by the
   * request-weight budget, so its alerts find them cached. A read that fails is left to the first alert.
   */
  private async warmSettings(accountId: string, adapter: ManagedExchange): Promise<void> {
    // Warming never takes more than half the minute's budget: alerts come first.
    if (this.budget.usedThisMinute + SETTINGS_WEIGHT > this.budget.capacity / 2) return;
    const admitted = await this.budget.reserve(SETTINGS_WEIGHT);
    if (!admitted.admitted) return;
    await inAccount({ accountId, exchange: adapter }, () =>
      Promise.all([this.positionModes.get(), this.multiAssets.get()]).then(() => undefined),
    ).catch(() => undefined);
  }

  /**
   * Waits until a snapshot's weight fits this minute's budget (the one fan-outs reserve from), retrying at the
   * next minute: fifty accounts connecting at once are re-read over a few minutes rather than tripping the limit.
   * Like warming, snapshots take at most half the minute's budget: alerts come first (an account not re-read
   * yet trades over REST; an alert refused for weight does not trade at all).
   */
  private async paceSnapshot(weight: number): Promise<void> {
    // A budget smaller than one snapshot (BINANCE_WEIGHT_PER_MINUTE set very low) cannot pace it: it goes.
    if (weight > this.budget.capacity / 2) return;
    for (;;) {
      if (this.budget.usedThisMinute + weight <= this.budget.capacity / 2) {
        const admitted = await this.budget.reserve(weight);
        if (admitted.admitted) return;
      }
      const nextMinute = 60_000 - (Date.now() % 60_000);
      await new Promise((resolve) => setTimeout(resolve, nextMinute + Math.random() * 1000).unref());
    }
  }

  onApplicationShutdown(): void {
    for (const { adapter } of this.built.values()) adapter.stop();
    this.built.clear();
  }

  private exchangeAccount(account: Account): ExchangeAccount {
    const mode = account.mode ?? 'paper';
    if (mode === 'paper') return { mode: 'paper', paperAccountId: `account:${account.id}` };
    const key = this.config.configEncryptionKey;
    if (!key || !account.apiKey || !account.secretCiphertext || !account.secretIv || !account.secretTag) {
      throw new Error(`account ${account.name} has no readable keys (CONFIG_ENCRYPTION_KEY set and keys saved?)`);
    }
    const apiSecret = open({ ciphertext: account.secretCiphertext, iv: account.secretIv, tag: account.secretTag }, key);
    this.redactor.add(apiSecret);
    return { mode: mode as 'testnet' | 'live', apiKey: account.apiKey, apiSecret };
  }
}
