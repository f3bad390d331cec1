/**
 * Whether the account is in Multi-Assets mode, where Binance refuses ISOLATED
 * margin (-4168). Like the position mode it rarely changes, so it is read once
 * (GET /fapi/v1/multiAssetsMargin) and kept for a minute, saving a request
 * per signal. Kept per account: each account traded has its own mode.
 */
import { Inject, Injectable } from '@nestjs/common';
import { currentAccountId, DEFAULT_ACCOUNT, PerAccount } from '../exchange/account-context';
import { EXCHANGE, ExchangePort } from '../exchange/exchange.port';

const TTL_MS = 60_000;
/**
 * The accounts of a bot keep it longer: a 30-weight read per account and minute would use up Binance's
 * per-IP request weight for a bot of 40 accounts (account-context.ts, request-weight-budget.ts).
 */
const BOT_ACCOUNT_TTL_MS = 15 * 60_000;
const ttl = () => (currentAccountId() === DEFAULT_ACCOUNT ? TTL_MS : BOT_ACCOUNT_TTL_MS);

interface Entry {
  cached?: { on: boolean; at: number };
  reading?: Promise<boolean>;
}

@Injectable()
export class MultiAssetsModeCache {
  /** Each account's own entry: the account being traded now reads and writes it (account-context.ts). */
  private readonly entries = new PerAccount<Entry>(() => ({}));

  constructor(@Inject(EXCHANGE) private readonly exchange: ExchangePort) {}

  get(): Promise<boolean> {
    const entry = this.entries.current;
    if (entry.cached && Date.now() - entry.cached.at < ttl()) return Promise.resolve(entry.cached.on);
    entry.reading ??= this.exchange
      .multiAssetsMode()
      .then((on) => {
        entry.cached = { on, at: Date.now() };
        return on;
      })
      .finally(() => (entry.reading = undefined));
    return entry.reading;
  }

  /** Reads the mode again now (before refusing a signal on a cached answer). */
  refresh(): Promise<boolean> {
    this.entries.current.cached = undefined;
    return this.get();
  }

  /** After Binance answered -4168: the account is in Multi-Assets mode, whatever the cache said. */
  /** Whether an account's value is cached and fresh (its next alert reads no setting). */
  isFresh(accountId: string): boolean {
    const cached = this.entries.peek(accountId)?.cached;
    return !!cached && Date.now() - cached.at < (accountId === DEFAULT_ACCOUNT ? TTL_MS : BOT_ACCOUNT_TTL_MS);
  }

  remember(on: boolean): void {
    this.entries.current.cached = { on, at: Date.now() };
  }
}
