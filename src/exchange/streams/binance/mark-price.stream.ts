/**
 * Binance's mark prices for the symbols traded, on one market connection
 * (/market/ws, live SUBSCRIBE requests) that every account on the same stream
 * host shares: mark prices are public, so fifty accounts need one connection,
 * not fifty. Reconnected with backoff, renewed before Binance's 24-hour cut,
 * the subscriptions sent again on every connection. Binance: "WebSocket
 * connections have a limit of 10 incoming messages per second" and "A single
 * connection can listen to a maximum of 1024 streams", so subscriptions go in
 * batches (one message per batch, at most MAX_STREAMS symbols in all).
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams
 */
import { Logger } from '@nestjs/common';
import { Subject } from 'rxjs';
import WebSocket from 'ws';
import type { AccountStreamEvent } from '../account-stream-events';
import { reconnectDelayMs } from '../reconnect-backoff';
import { parseStreamMessage } from '../stream-payload-parser';
import { socketText } from '../socket-text';
import type { ConnectionAttempts } from '../connection-attempts';

/** Binance: "A single connection can listen to a maximum of 1024 streams." */
export const MAX_STREAMS_PER_CONNECTION = 1024;
/** Binance: 10 incoming messages per second per connection; a subscription batch waits this long after another. */
export const SUBSCRIBE_SPACING_MS = 200;

export class MarkPriceStream {
  readonly events$ = new Subject<AccountStreamEvent>();
  private readonly logger = new Logger('MarkPrices');
  private readonly symbols = new Set<string>();
  private socket?: WebSocket;
  /** A connection is being opened (waiting for its attempt's slot): none other is started. */
  private connecting = false;
  private attempt = 0;
  private stopped = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private pending: string[] = [];
  private lastSentAt = 0;
  /** When the last message arrived (local clock). */
  lastEventAt?: number;

  constructor(
    private readonly baseUrl: string,
    private readonly renewAfterMs: number,
    private readonly attempts?: ConnectionAttempts,
  ) {}

  /** Adds symbols (kept across reconnects); the connection opens with the first one. */
  watch(symbols: string[]): void {
    if (this.stopped) return;
    const added = symbols
      .map((s) => s.toUpperCase())
      .filter((s) => !this.symbols.has(s))
      .slice(0, Math.max(0, MAX_STREAMS_PER_CONNECTION - this.symbols.size));
    if (!added.length) return;
    for (const s of added) this.symbols.add(s);
    if (this.socket?.readyState === WebSocket.OPEN) this.subscribe(added);
    else if (!this.socket) void this.connect();
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.socket?.close(1000, 'shutdown');
    this.socket = undefined;
    this.events$.complete();
  }

  private async connect(): Promise<void> {
    if (this.stopped || this.connecting) return;
    this.connecting = true;
    await this.attempts?.take();
    this.connecting = false;
    if (this.stopped || this.socket) return;
    const socket = new WebSocket(`${this.baseUrl}/market/ws`);
    this.socket = socket;
    socket.on('open', () => {
      this.attempt = 0;
      this.pending = [];
      this.subscribe([...this.symbols]);
      this.later(() => socket.close(1000, 'renewal'), this.renewAfterMs);
    });
    socket.on('message', (data) => {
      this.lastEventAt = Date.now();
      try {
        for (const event of parseStreamMessage(socketText(data))) this.events$.next(event);
      } catch {
        // Subscription answers ({"result":null,"id":1}) and malformed text carry no event.
      }
    });
    socket.on('close', () => {
      if (socket !== this.socket || this.stopped) return;
      this.socket = undefined;
      this.later(() => void this.connect(), reconnectDelayMs(this.attempt++));
    });
    socket.on('error', (error) => this.logger.debug(`market stream: ${error.message}`));
  }

  /** One SUBSCRIBE per batch of symbols asked for together, spaced to stay under 10 messages a second. */
  private subscribe(symbols: string[]): void {
    if (!symbols.length) return;
    const queued = this.pending.length > 0;
    this.pending.push(...symbols);
    if (queued) return;
    const wait = Math.max(0, this.lastSentAt + SUBSCRIBE_SPACING_MS - Date.now());
    this.later(() => this.flush(), wait);
  }

  private flush(): void {
    const socket = this.socket;
    const batch = this.pending;
    this.pending = [];
    if (!batch.length || socket?.readyState !== WebSocket.OPEN) return;
    const params = batch.map((s) => `${s.toLowerCase()}@markPrice@1s`);
    this.lastSentAt = Date.now();
    socket.send(JSON.stringify({ method: 'SUBSCRIBE', params, id: this.lastSentAt }));
  }

  private later(fn: () => void, ms: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) fn();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }
}
