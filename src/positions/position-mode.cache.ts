/**
 * The account's position mode (one-way or hedge) rarely changes, so it is
 * read once and kept, saving a request per signal. Position risk, read with
 * every signal, shows the mode too and corrects this cache at once when the
 * mode was changed behind our back; a TTL bounds it otherwise. Kept per
 * account: each account traded has its own mode.
 */
import { Inject, Injectable } from '@nestjs/common';
import { currentAccountId, DEFAULT_ACCOUNT, PerAccount } from '../exchange/account-context';
import { EXCHANGE, ExchangePort, PositionMode } from '../exchange/exchange.port';

const TTL_MS = 60_000;
/**
 * The accounts of a bot keep it longer: a 30-weight read per account and minute would use up Binance's
 * per-IP request weight for a bot of 40 accounts (account-context.ts, request-weight-budget.ts).
 */
const BOT_ACCOUNT_TTL_MS = 15 * 60_000;
const ttl = () => (currentAccountId() === DEFAULT_ACCOUNT ? TTL_MS : BOT_ACCOUNT_TTL_MS);

interface Entry {
  cached?: { mode: PositionMode; at: number };
  reading?: Promise<PositionMode>;
}

@Injectable()
export class PositionModeCache {
  /** Each account's own entry: the account being traded now reads and writes it (account-context.ts). */
  private readonly entries = new PerAccount<Entry>(() => ({}));

  constructor(@Inject(EXCHANGE) private readonly exchange: ExchangePort) {}

  get(): Promise<PositionMode> {
    const entry = this.entries.current;
    if (entry.cached && Date.now() - entry.cached.at < ttl()) return Promise.resolve(entry.cached.mode);
    entry.reading ??= this.exchange
      .positionMode()
      .then((mode) => {
        entry.cached = { mode, at: Date.now() };
        return mode;
      })
      .finally(() => (entry.reading = undefined));
    return entry.reading;
  }

  /** Whether an account's value is cached and fresh (its next alert reads no setting). */
  isFresh(accountId: string): boolean {
    const cached = this.entries.peek(accountId)?.cached;
    return !!cached && Date.now() - cached.at < (accountId === DEFAULT_ACCOUNT ? TTL_MS : BOT_ACCOUNT_TTL_MS);
  }

  remember(mode: PositionMode): void {
    this.entries.current.cached = { mode, at: Date.now() };
  }
}
