/**
 * Binance's listenKeys for the user-data stream, one per account (API key):
 * "Doing a POST on an account with an active listenKey will return the
 * currently active listenKey and extend its validity for 60 minutes"; PUT
 * extends it by 60 minutes; DELETE closes it; an unknown or expired key
 * answers -1125 "This listenKey does not exist."
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/user-data-streams/Start-User-Data-Stream
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/user-data-streams/Keepalive-User-Data-Stream
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/user-data-streams/Close-User-Data-Stream
 */
import { randomBytes } from 'node:crypto';
import { BinanceRejection } from '../../src/exchange/paper/binance-rejection';

export const LISTEN_KEY_VALIDITY_MS = 60 * 60_000;

interface ActiveKey {
  key: string;
  expiresAt: number;
}

export class ListenKeys {
  validityMs = LISTEN_KEY_VALIDITY_MS;
  private readonly byAccount = new Map<string, ActiveKey>();

  constructor(private readonly now: () => number = Date.now) {}

  create(account: string): string {
    const active = this.active(account);
    const key = active?.key ?? newListenKey();
    this.byAccount.set(account, { key, expiresAt: this.now() + this.validityMs });
    return key;
  }

  /** Futures' PUT takes no parameter: the account's key is extended; a `listenKey` sent must be that key. */
  keepAlive(account: string, listenKey?: string): string {
    const active = this.active(account);
    if (!active || (listenKey !== undefined && listenKey !== active.key)) throw unknownKey();
    active.expiresAt = this.now() + this.validityMs;
    return active.key;
  }

  close(account: string, listenKey?: string): void {
    const active = this.active(account);
    if (!active || (listenKey !== undefined && listenKey !== active.key)) throw unknownKey();
    this.byAccount.delete(account);
  }

  /** The account a key belongs to, while the key is valid. */
  accountOf(listenKey: string): string | undefined {
    for (const [account, active] of this.byAccount) {
      if (active.key === listenKey && active.expiresAt > this.now()) return account;
    }
    return undefined;
  }

  /** Ends the account's key now (as 60 minutes without keepalive would); answers the key. */
  expire(account: string): string | undefined {
    const active = this.byAccount.get(account);
    this.byAccount.delete(account);
    return active?.key;
  }

  /** Keys whose validity ran out since the last sweep, removed. */
  sweepExpired(): Array<{ account: string; key: string }> {
    const expired = [...this.byAccount].filter(([, a]) => a.expiresAt <= this.now());
    for (const [account] of expired) this.byAccount.delete(account);
    return expired.map(([account, a]) => ({ account, key: a.key }));
  }

  get count(): number {
    return this.byAccount.size;
  }

  clear(): void {
    this.byAccount.clear();
  }

  private active(account: string): ActiveKey | undefined {
    const active = this.byAccount.get(account);
    return active && active.expiresAt > this.now() ? active : undefined;
  }
}

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * 64 letters and digits, as Binance's keys are. (Base64 with '+' and '/' removed, as before, was short by
 * as many characters as it had removed.) 248 = 4 × 62, so every byte below it maps to a character evenly.
 */
export function newListenKey(): string {
  let key = '';
  while (key.length < 64) {
    for (const byte of randomBytes(80)) {
      if (byte < 248 && key.length < 64) key += KEY_ALPHABET[byte % KEY_ALPHABET.length];
    }
  }
  return key;
}

function unknownKey(): BinanceRejection {
  return new BinanceRejection(-1125, 'This listenKey does not exist.');
}
