/**
 * Whether the streams can be trusted right now (pure; the local clock is
 * passed in): connected, not expired, resynchronised since the last connect,
 * heard from recently, and confirming our own fills in time. Each reconnect
 * starts a new generation: only a REST read sent during the current one
 * vouches for the state (events missed while down are in no stream).
 */
export type StaleReason =
  | 'streams-off'
  | 'other-instances'
  | 'stream-down'
  | 'listen-key-expired'
  | 'resync-pending'
  | 'stream-silent'
  | 'stream-lagging'
  | 'symbol-unknown'
  | 'position-uncertain'
  | 'balance-unsettled'
  | 'mark-price-stale'
  | 'orders-unknown';

export const STALE_REASONS: Record<StaleReason, string> = {
  'streams-off': 'the account is read over REST (BINANCE_STREAMS=off or ACCOUNT_STATE=rest)',
  'other-instances': "other instances share the database: their fills reach this one's state late, if at all",
  'stream-down': 'the account stream is not connected',
  'listen-key-expired': 'the listenKey expired',
  'resync-pending': 'the account has not been re-read since the stream reconnected',
  'stream-silent': 'nothing heard from the streams for too long',
  'stream-lagging': 'the stream has not confirmed our last fill in time',
  'symbol-unknown': 'the symbol has not been read since the stream connected',
  'position-uncertain': 'the position may or may not include our last fill',
  'balance-unsettled': 'the balance does not include our last fill yet',
  'mark-price-stale': 'no recent mark price for the symbol',
  'orders-unknown': "the symbol's open orders have not been read since the stream connected",
};

export interface StreamHealthLimits {
  /** Longest silence of the streams (no event, no ping) before the state is not trusted. */
  silenceLimitMs: number;
  /** How long an own fill may wait for the stream's confirmation. */
  confirmWithinMs: number;
}

export class StreamHealth {
  private currentGeneration = 0;
  private up = false;
  private downReason: StaleReason = 'stream-down';
  private lastHeardAt = -Infinity;

  constructor(private readonly limits: StreamHealthLimits) {}

  get generation(): number {
    return this.currentGeneration;
  }

  get connected(): boolean {
    return this.up;
  }

  /** The stream (re)connected: a new generation, to be resynchronised from REST. */
  connect(now: number): void {
    this.currentGeneration++;
    this.up = true;
    this.lastHeardAt = now;
  }

  disconnect(reason: 'stream-down' | 'listen-key-expired'): void {
    this.up = false;
    this.downReason = reason;
  }

  /** Any sign of life: an event, a ping, a pong. */
  heard(now: number): void {
    this.lastHeardAt = Math.max(this.lastHeardAt, now);
  }

  /**
   * Why the connection is not trustworthy now, or undefined when it is.
   * `unconfirmedSince` is the local time of the oldest own fill the stream has not confirmed.
   */
  staleReason(now: number, unconfirmedSince?: number): StaleReason | undefined {
    if (!this.up) return this.downReason;
    if (now - this.lastHeardAt > this.limits.silenceLimitMs) return 'stream-silent';
    if (unconfirmedSince !== undefined && now - unconfirmedSince > this.limits.confirmWithinMs) return 'stream-lagging';
    return undefined;
  }
}
