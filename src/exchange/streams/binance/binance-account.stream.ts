/**
 * Binance's user-data and mark-price streams, held open for the service:
 * - the listenKey is created (POST), kept alive (PUT every keepAliveMs, ≤ 50
 *   minutes; Binance drops it after 60 without), re-created when Binance says
 *   it expired (listenKeyExpired, or -1125 on keepalive) and closed (DELETE)
 *   at shutdown;
 * - a lost connection is reconnected with backoff, and every connection is
 *   renewed before Binance's 24-hour cut (a new one opens first, then the old
 *   one closes: nothing is missed);
 * - mark prices come from a market connection (mark-price.stream.ts), shared
 *   by every account on the same host when one is given, else its own.
 * binance-api-node's own futuresUser keeps the key alive every 50 s, retries
 * at a fixed 30 s, never renews and reports no close, so the socket is held
 * here with `ws` and the key calls go through the Binance adapter.
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/user-data-streams
 */
import { Logger } from '@nestjs/common';
import { Subject } from 'rxjs';
import WebSocket from 'ws';
import type { AccountStreamEvent } from '../account-stream-events';
import type { AccountStreamSource, StreamHealth } from '../account-stream.port';
import type { Subscription } from 'rxjs';
import { reconnectDelayMs } from '../reconnect-backoff';
import { parseStreamMessage } from '../stream-payload-parser';
import { socketText } from '../socket-text';
import { ListenKeyApi, UNKNOWN_LISTEN_KEY } from './listen-key-api';
import { MarkPriceStream } from './mark-price.stream';
import type { ConnectionAttempts } from '../connection-attempts';

export interface BinanceStreamSettings {
  /** The stream host, e.g. wss://fstream.binance.com (user data at /private/ws/<key>, markets at /market/ws). */
  baseUrl: string;
  keepAliveMs: number;
  /** A connection is replaced after this long (Binance cuts at 24 h). */
  renewAfterMs: number;
  /** The service's count of connection attempts per IP (each connection waits for its slot); none: no wait. */
  attempts?: ConnectionAttempts;
}

export class BinanceAccountStream implements AccountStreamSource {
  readonly events$ = new Subject<AccountStreamEvent>();
  private readonly logger = new Logger('AccountStream');
  private stopped = true;
  private listenKey?: string;
  private user?: WebSocket;
  private readonly markPrices: MarkPriceStream;
  /** The mark-price connection is this stream's own (none was shared with it): it stops with it. */
  private readonly ownsMarkPrices: boolean;
  private marks?: Subscription;
  private userAttempt = 0;
  private downSince?: number;
  private everConnected = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private keepAliveTimer?: NodeJS.Timeout;
  private renewTimer?: NodeJS.Timeout;
  /** A (re)connection of the user stream is under way: no second one is started. */
  private connecting = false;
  private readonly opened = new WeakSet<WebSocket>();
  private readonly state: StreamHealth = { enabled: true, connected: false, reconnects: 0 };

  constructor(
    private readonly keys: ListenKeyApi,
    private readonly settings: BinanceStreamSettings,
    sharedMarkPrices?: MarkPriceStream,
  ) {
    this.ownsMarkPrices = sharedMarkPrices === undefined;
    this.markPrices =
      sharedMarkPrices ?? new MarkPriceStream(settings.baseUrl, settings.renewAfterMs, settings.attempts);
  }

  health(): StreamHealth {
    const lastEventAt = Math.max(this.state.lastEventAt ?? 0, this.markPrices.lastEventAt ?? 0) || undefined;
    return { ...this.state, lastEventAt };
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.keepAliveTimer = setInterval(() => void this.keepAlive(), this.settings.keepAliveMs);
    this.keepAliveTimer.unref();
    this.marks = this.markPrices.events$.subscribe((event) => this.events$.next(event));
    await this.connectUser();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.keepAliveTimer);
    clearTimeout(this.renewTimer);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.user?.close(1000, 'shutdown');
    this.user = undefined;
    this.marks?.unsubscribe();
    if (this.ownsMarkPrices) this.markPrices.stop();
    this.state.connected = false;
    const key = this.listenKey;
    this.listenKey = undefined;
    if (key) await this.keys.closeListenKey(key).catch(() => undefined);
    this.events$.complete();
  }

  watchMarkPrices(symbols: string[]): void {
    this.markPrices.watch(symbols);
  }

  // ---- user data -------------------------------------------------------------

  /** POST answers the active key (extended) or a new one; then a connection on it. */
  private async connectUser(): Promise<void> {
    if (this.stopped) return;
    this.connecting = true;
    let key: string;
    try {
      key = await this.keys.createListenKey();
    } catch (error) {
      this.logger.warn(`listenKey not created: ${(error as Error).message}`);
      return this.retryUser();
    }
    await this.settings.attempts?.take();
    if (this.stopped) return;
    this.listenKey = key;
    const socket = this.open(key);
    this.user = socket;
    socket.on('open', () => this.userOpened(socket));
    socket.on('close', () => {
      if (socket === this.user && !this.stopped) this.lost(this.opened.has(socket) ? 'closed' : 'connection refused');
    });
  }

  /**
   * Before Binance's 24-hour cut: a second connection on the (extended) key;
   * once it is open it takes over and the old one closes, so nothing is missed.
   */
  private async renew(): Promise<void> {
    const previous = this.user;
    if (this.stopped || this.connecting || !previous) return;
    let key: string;
    try {
      key = await this.keys.createListenKey();
    } catch (error) {
      this.logger.warn(`stream renewal postponed: ${(error as Error).message}`);
      return this.scheduleRenewal(60_000);
    }
    await this.settings.attempts?.take();
    if (this.stopped || this.user !== previous) return;
    this.listenKey = key;
    const socket = this.open(key);
    socket.on('open', () => {
      if (this.stopped || this.user !== previous) return void socket.close(1000);
      this.user = socket;
      this.state.reconnects += 1;
      this.state.connectedSince = Date.now();
      previous.removeAllListeners('close');
      previous.close(1000, 'renewed');
      socket.on('close', () => {
        if (socket === this.user && !this.stopped) this.lost('closed');
      });
      this.scheduleRenewal(this.settings.renewAfterMs);
    });
    socket.on('close', () => {
      if (!this.opened.has(socket)) this.scheduleRenewal(60_000);
    });
  }

  private open(key: string): WebSocket {
    const socket = new WebSocket(`${this.settings.baseUrl}/private/ws/${key}`);
    socket.on('open', () => this.opened.add(socket));
    socket.on('message', (data) => this.userMessage(socket, socketText(data)));
    socket.on('error', (error) => this.logger.debug(`user stream: ${error.message}`));
    return socket;
  }

  private userOpened(socket: WebSocket): void {
    if (this.stopped || socket !== this.user) return void socket.close(1000);
    const now = Date.now();
    const gapSince = this.downSince;
    if (this.everConnected) this.state.reconnects += 1;
    if (gapSince !== undefined) this.state.lastGap = { from: gapSince, to: now };
    this.state.connectedSince = now;
    this.state.connected = true;
    this.everConnected = true;
    this.downSince = undefined;
    this.userAttempt = 0;
    this.connecting = false;
    this.events$.next({ type: 'connection', connected: true, at: now, gapSince });
    this.scheduleRenewal(this.settings.renewAfterMs);
  }

  private scheduleRenewal(ms: number): void {
    clearTimeout(this.renewTimer);
    if (this.stopped) return;
    this.renewTimer = setTimeout(() => void this.renew(), ms);
    this.renewTimer.unref();
  }

  private userMessage(socket: WebSocket, text: string): void {
    if (socket !== this.user) return;
    this.state.lastEventAt = Date.now();
    let events;
    try {
      events = parseStreamMessage(text);
    } catch (error) {
      return void this.logger.warn(`user stream message not understood: ${(error as Error).message}`);
    }
    for (const event of events) {
      this.events$.next(event);
      if (event.type === 'listenKeyExpired') this.lost('listenKeyExpired', event.eventTime);
    }
  }

  /** The connection (or its key) is gone: say so, then reconnect (at once for a new key, else after backoff). */
  private lost(reason: string, at = Date.now()): void {
    const socket = this.user;
    this.user = undefined;
    clearTimeout(this.renewTimer);
    if (socket) {
      socket.removeAllListeners('close');
      socket.on('close', () => undefined);
      if (socket.readyState !== WebSocket.CLOSED) socket.terminate();
    }
    if (this.state.connected) {
      this.downSince = at;
      this.state.connected = false;
      this.state.lastDisconnectAt = at;
      this.events$.next({ type: 'connection', connected: false, at, reason });
    } else {
      this.downSince ??= at;
    }
    if (this.connecting && socket === undefined) return;
    if (reason === 'listenKeyExpired') {
      this.listenKey = undefined;
      void this.connectUser();
    } else {
      this.retryUser();
    }
  }

  private retryUser(): void {
    this.connecting = true;
    const delay = reconnectDelayMs(this.userAttempt++);
    this.later(() => void this.connectUser(), delay);
  }

  private async keepAlive(): Promise<void> {
    const key = this.listenKey;
    if (!key || this.stopped) return;
    try {
      await this.keys.keepAliveListenKey(key);
    } catch (error) {
      const code = (error as { code?: number }).code;
      this.logger.warn(`listenKey keepalive failed: ${(error as Error).message}`);
      if (code === UNKNOWN_LISTEN_KEY && key === this.listenKey && this.user) this.lost('listenKeyExpired');
    }
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
