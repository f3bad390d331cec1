/**
 * What the simulated account pushes as it changes, as Binance's user-data and
 * market streams would: each payload is the JSON Binance sends (see
 * user-stream-payloads.ts). The fake Binance server forwards them over its
 * WebSocket server; the paper exchange hands them to the service in-process.
 * Nothing is built while nobody listens, so the engine pays nothing for it.
 */
export type StreamPayload = Record<string, unknown> & { e: string };
export type StreamListener = (payload: StreamPayload) => void;

export class EngineStream {
  private readonly userListeners = new Set<StreamListener>();
  private readonly marketListeners = new Set<StreamListener>();
  /** Payloads built while held, pushed on release (in order). */
  private held?: StreamPayload[];

  get hasUserListeners(): boolean {
    return this.userListeners.size > 0;
  }

  get hasMarketListeners(): boolean {
    return this.marketListeners.size > 0;
  }

  /** Account events (ACCOUNT_UPDATE, ORDER_TRADE_UPDATE, ALGO_UPDATE, …); answers the unsubscribe. */
  onUser(listener: StreamListener): () => void {
    this.userListeners.add(listener);
    return () => this.userListeners.delete(listener);
  }

  /** Market events (markPriceUpdate); answers the unsubscribe. */
  onMarket(listener: StreamListener): () => void {
    this.marketListeners.add(listener);
    return () => this.marketListeners.delete(listener);
  }

  /** Builds and pushes a user event, only when someone listens. */
  user(build: () => StreamPayload | StreamPayload[]): void {
    if (this.userListeners.size === 0) return;
    const payloads = [build()].flat();
    if (this.held) return void this.held.push(...payloads);
    for (const payload of payloads) for (const listener of this.userListeners) listener(payload);
  }

  /**
   * Runs `fn` with the user events it makes held back (built as they happen),
   * and answers its result and a release that pushes them: a triggered
   * conditional order reports TRIGGERED before its order's own events.
   */
  deferred<T>(fn: () => T): [T, () => void] {
    const outer = this.held;
    this.held = [];
    const held = this.held;
    try {
      const result = fn();
      return [result, () => held.forEach((p) => this.userListeners.forEach((listener) => listener(p)))];
    } finally {
      this.held = outer;
    }
  }

  market(build: () => StreamPayload): void {
    if (this.marketListeners.size === 0) return;
    const payload = build();
    for (const listener of this.marketListeners) listener(payload);
  }
}
