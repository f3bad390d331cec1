/**
 * The account stream port: the account's events (fills, balances, positions,
 * orders, conditional orders, settings, margin calls, mark prices) pushed as
 * they happen, and facts about the connection, so callers know whether what
 * they hold is fresh. Binance (live / testnet) connects to its WebSocket
 * streams; paper takes them from the simulated account; with
 * BINANCE_STREAMS=off nothing is pushed and health says so.
 */
import type { Observable } from 'rxjs';
import type { AccountStreamEvent } from './account-stream-events';

export const ACCOUNT_STREAM = Symbol('ACCOUNT_STREAM');

export interface StreamHealth {
  /** False with BINANCE_STREAMS=off. */
  enabled: boolean;
  /** The user-data stream is connected with a valid listenKey (paper: always). */
  connected: boolean;
  connectedSince?: number;
  /** When the last message of any kind arrived (local clock). */
  lastEventAt?: number;
  /** When the connection was last lost. */
  lastDisconnectAt?: number;
  /** Connections made after the first one (reconnects, renewals, new listenKeys). */
  reconnects: number;
  /** The latest window in which events may have been missed: from the loss to the reconnect. */
  lastGap?: { from: number; to: number };
}

export interface AccountStream {
  /** Every event, connection changes included; subscribers join and leave freely. */
  readonly events$: Observable<AccountStreamEvent>;
  health(): StreamHealth;
  /** Adds symbols whose mark prices are streamed (kept across reconnects). */
  watchMarkPrices(symbols: string[]): void;
}

/** One stream implementation (Binance's, paper's, or none), started and stopped with its exchange adapter. */
export interface AccountStreamSource extends AccountStream {
  start(): Promise<void>;
  stop(): Promise<void>;
}
