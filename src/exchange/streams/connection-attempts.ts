/**
 * Binance limits WebSocket connection attempts per IP address: "There is a
 * limit of 300 connections per attempt every 5 minutes. The connection is per
 * IP address." (its WebSocket API's connection limits; the USDⓈ-M futures
 * stream pages state no other figure, so the same is kept to for them).
 * Every stream connection this server
 * opens (each account's user data, the shared mark prices; reconnects and
 * renewals too) takes a slot here first: past 300 in five minutes, it waits
 * until the oldest attempt leaves the window, so a restart with hundreds of
 * accounts, or a network cut that drops them all, reconnects within the limit.
 * https://developers.binance.com/docs/binance-spot-api-docs/testnet/web-socket-api/connection-limits
 */
export const CONNECTION_ATTEMPTS_PER_WINDOW = 300;
export const CONNECTION_ATTEMPT_WINDOW_MS = 5 * 60_000;

export class ConnectionAttempts {
  /** When each attempt in the window goes (or went), in order; later ones are reserved slots. */
  private readonly slots: number[] = [];

  constructor(
    private readonly limit = CONNECTION_ATTEMPTS_PER_WINDOW,
    private readonly windowMs = CONNECTION_ATTEMPT_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Reserves the next attempt's slot and answers how long to wait for it (0: at once). */
  reserve(): number {
    const now = this.now();
    while (this.slots.length && this.slots[0] <= now - this.windowMs) this.slots.shift();
    const last = this.slots[this.slots.length - 1] ?? now;
    const full = this.slots.length >= this.limit ? this.slots[this.slots.length - this.limit] + this.windowMs : now;
    const slot = Math.max(now, last, full);
    this.slots.push(slot);
    return slot - now;
  }

  /** Waits for the next attempt's slot. */
  async take(): Promise<void> {
    const wait = this.reserve();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait).unref());
  }
}
