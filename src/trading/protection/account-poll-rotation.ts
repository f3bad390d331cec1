/**
 * How much of the IP's request weight polling the protection of the other
 * accounts may spend, and in what order. Only the default account has a
 * user-data stream; every other account's protection is followed by polling
 * (one openAlgoOrders read per symbol, weight 1), and Binance counts that
 * weight per IP, shared with every alert's fan-out. So each minute the passes
 * spend at most a fixed allowance; a pass that reaches it stops, and the next
 * pass starts with the account after the last one checked, so every account
 * gets its turn: a few accounts are checked on every pass, hundreds less often.
 */

export interface PolledAccount {
  accountId: string;
  /** The weight its check is expected to use (one per symbol with open protection). */
  weight: number;
}

export class AccountPollRotation {
  private minute = -1;
  private spent = 0;
  private lastChecked?: string;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The accounts this pass checks (`accounts` in a stable order, e.g. by id), their weight counted as spent. */
  pick<T extends PolledAccount>(accounts: T[]): T[] {
    const minute = Math.floor(this.now() / 60_000);
    if (minute !== this.minute) {
      this.minute = minute;
      this.spent = 0;
    }
    const after = this.lastChecked === undefined ? -1 : accounts.findIndex((a) => a.accountId > this.lastChecked!);
    const start = after < 0 ? 0 : after;
    const picked: T[] = [];
    for (let i = 0; i < accounts.length; i++) {
      const account = accounts[(start + i) % accounts.length];
      if (this.spent + account.weight > this.perMinute) break;
      this.spent += account.weight;
      picked.push(account);
    }
    // Everyone had a turn: the next pass starts from the beginning again.
    this.lastChecked = picked.length < accounts.length ? (picked.at(-1)?.accountId ?? this.lastChecked) : undefined;
    return picked;
  }
}
