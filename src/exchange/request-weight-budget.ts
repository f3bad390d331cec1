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
 */

export const BINANCE_WEIGHT_PER_MINUTE = 2400;

export interface WeightBudgetOptions {
  /** The IP's weight per minute. */
  limit?: number;
  /** The share of it fan-outs may use; the rest stays for monitors, admin reads and retries. */
  share?: number;
  /** The longest an execution may wait for the next minute; beyond it, it is refused. */
  maxWaitMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export type Admission = { admitted: true; waitedMs: number } | { admitted: false; retryInMs: number };

export class RequestWeightBudget {
  private minute = -1;
  private used = 0;
  private readonly limit: number;
  private readonly share: number;
  private readonly maxWaitMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: WeightBudgetOptions = {}) {
    this.limit = options.limit ?? BINANCE_WEIGHT_PER_MINUTE;
    this.share = options.share ?? 0.8;
    this.maxWaitMs = options.maxWaitMs ?? 1000;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** The weight fan-outs may use per minute. */
  get capacity(): number {
    return Math.floor(this.limit * this.share);
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
   * Reserves `weight` now, or after waiting for the next minute when it starts
   * within maxWaitMs; otherwise refuses (nothing is reserved).
   */
  async reserve(weight: number): Promise<Admission> {
    this.roll();
    if (this.used + weight <= this.capacity) {
      this.used += weight;
      return { admitted: true, waitedMs: 0 };
    }
    const untilNextMinute = 60_000 - (this.now() % 60_000);
    if (weight > this.capacity || untilNextMinute > this.maxWaitMs) {
      return { admitted: false, retryInMs: untilNextMinute };
    }
    await this.sleep(untilNextMinute);
    const again = await this.reserve(weight);
    return again.admitted ? { admitted: true, waitedMs: untilNextMinute + again.waitedMs } : again;
  }

  private roll(): void {
    const minute = Math.floor(this.now() / 60_000);
    if (minute !== this.minute) {
      this.minute = minute;
      this.used = 0;
    }
  }
}
