/**
 * Binance counts request weight per IP address, per minute (X-MBX-USED-WEIGHT-1M,
 * 2400 on USDⓈ-M futures), shared by every account this server trades; past it
 * every account gets HTTP 429 and, when it goes on, a ban (418). An alert that
 * fans out to many accounts reserves each account's expected weight here
 * before that account sends anything: what fits this minute goes at once, in
 * parallel; what does not either waits for the next minute, when that is
 * near, or is refused (nothing sent) rather than tripping the limit for all.
 * The weight Binance reports on its answers corrects the count, so requests
 * outside the fan-out (monitors, admin reads) are accounted for too.
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/general-info ("Limits").
 *
 * One holder (a bot; the default routes are the default bot) must not starve the others, and a close
 * must not be refused because entries used the minute up, so (capacity C):
 * - entries (anything that may add exposure) never use the last `reductionReserve` of C: that part is
 *   for closes and reductions only;
 * - no holder uses more than C minus `othersReserve`, whatever it sends: the rest is kept for the other
 *   holders (their closes find at least othersReserve of C, their entries othersReserve - reductionReserve).
 */

export const BINANCE_WEIGHT_PER_MINUTE = 2400;

/** Whose weight it is, and whether it may use the headroom kept for closes. */
export interface WeightClaim {
  /** The bot's id (the default routes: the default bot's; the service's own reads: "service"). */
  holder: string;
  /** Closes and reductions (orders that only reduce exposure): they may use the reduction reserve. */
  reducesOnly: boolean;
}

/** The service's own reads (account settings): no bot's share. */
export const SERVICE_CLAIM: WeightClaim = { holder: 'service', reducesOnly: false };

export interface WeightBudgetOptions {
  /** The IP's weight per minute. */
  limit?: number;
  /** The share of it fan-outs may use; the rest stays for monitors, admin reads and retries. */
  share?: number;
  /** The share of the capacity only closes and reductions may use. */
  reductionReserve?: number;
  /** The share of the capacity no one holder may use: kept for the others. */
  othersReserve?: number;
  /** The longest an execution may wait for the next minute; beyond it, it is refused. */
  maxWaitMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export type Admission = { admitted: true; waitedMs: number } | { admitted: false; retryInMs: number };

export class RequestWeightBudget {
  private minute = -1;
  private used = 0;
  private readonly byHolder = new Map<string, number>();
  private readonly limit: number;
  private readonly share: number;
  private readonly reductionReserve: number;
  private readonly othersReserve: number;
  private readonly maxWaitMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: WeightBudgetOptions = {}) {
    this.limit = options.limit ?? BINANCE_WEIGHT_PER_MINUTE;
    this.share = options.share ?? 0.8;
    this.reductionReserve = options.reductionReserve ?? 0.1;
    this.othersReserve = options.othersReserve ?? 0.2;
    this.maxWaitMs = options.maxWaitMs ?? 1000;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** The weight fan-outs may use per minute. */
  get capacity(): number {
    return Math.floor(this.limit * this.share);
  }

  /** What entries (orders that may add exposure) may use per minute, all holders together. */
  get entryCapacity(): number {
    return this.capacity - Math.floor(this.capacity * this.reductionReserve);
  }

  /** What one holder may use per minute, entries and closes together. */
  get holderCapacity(): number {
    return this.capacity - Math.floor(this.capacity * this.othersReserve);
  }

  /** This minute's weight as counted here (reservations, or Binance's own figure when higher). */
  get usedThisMinute(): number {
    this.roll();
    return this.used;
  }

  /** What Binance reported on an answer (X-MBX-USED-WEIGHT-1M), for any account on this IP. */
  report(usedWeight: number | undefined): void {
    if (usedWeight === undefined || !Number.isFinite(usedWeight)) return;
    this.roll();
    this.used = Math.max(this.used, usedWeight);
  }

  /**
   * Reserves `weight` for `claim` now, or after waiting for the next minute when it starts within
   * maxWaitMs; otherwise refuses (nothing is reserved).
   */
  async reserve(weight: number, claim: WeightClaim = SERVICE_CLAIM): Promise<Admission> {
    this.roll();
    if (this.fits(weight, claim, this.used, this.byHolder.get(claim.holder) ?? 0)) {
      this.used += weight;
      this.byHolder.set(claim.holder, (this.byHolder.get(claim.holder) ?? 0) + weight);
      return { admitted: true, waitedMs: 0 };
    }
    const untilNextMinute = 60_000 - (this.now() % 60_000);
    if (!this.fits(weight, claim, 0, 0) || untilNextMinute > this.maxWaitMs) {
      return { admitted: false, retryInMs: untilNextMinute };
    }
    await this.sleep(untilNextMinute);
    const again = await this.reserve(weight, claim);
    return again.admitted ? { admitted: true, waitedMs: untilNextMinute + again.waitedMs } : again;
  }

  /** Pure: whether `weight` fits, with `used` spent this minute of which `holderUsed` by the claim's holder. */
  private fits(weight: number, claim: WeightClaim, used: number, holderUsed: number): boolean {
    const pool = claim.reducesOnly ? this.capacity : this.entryCapacity;
    return used + weight <= pool && holderUsed + weight <= this.holderCapacity;
  }

  private roll(): void {
    const minute = Math.floor(this.now() / 60_000);
    if (minute !== this.minute) {
      this.minute = minute;
      this.used = 0;
      this.byHolder.clear();
    }
  }
}
