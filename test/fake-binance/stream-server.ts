/**
 * The fake's WebSocket streams, on the same port as its REST API, as
 * Binance's USDⓈ-M Futures stream servers serve them:
 * - user data at /ws/<listenKey> (legacy) or /private/ws/<listenKey>, one JSON
 *   event per message; a key that is not valid is refused;
 * - market streams at /ws/<stream>, /market/ws/<stream>, or combined at
 *   /stream?streams=a/b (each message then {"stream","data"}), plus live
 *   SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS requests;
 * - mark prices pushed on Binance's cadence, whatever the price does:
 *   "<symbol>@markPrice or <symbol>@markPrice@1s … Update Speed: 3000ms or
 *   1000ms" (Mark Price Stream; the same for !markPrice@arr[@1s]), each
 *   message the price as of that tick;
 * - "A single connection is only valid for 24 hours; expect to be
 *   disconnected at the 24 hour mark"; a listenKey that expires pushes
 *   listenKeyExpired and then nothing more on that connection;
 * - "WebSocket connections have a limit of 10 incoming messages per second.
 *   A connection that goes beyond the limit will be disconnected" and "A
 *   single connection can listen to a maximum of 1024 streams": an 11th
 *   message within a second closes the connection (1008), and a connection
 *   or SUBSCRIBE asking for more than 1024 streams is refused.
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams/Mark-Price-Stream
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams/Mark-Price-Stream-for-All-market
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/user-data-streams
 * Faults for tests: a delay on every message, dropped events, cut connections
 * and an expired listenKey.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import WebSocket, { Server as WebSocketServer } from 'ws';
import type { EngineStream, StreamPayload } from '../../src/exchange/paper/engine-stream';
import { listenKeyExpired } from '../../src/exchange/paper/user-stream-payloads';
import { socketText } from '../../src/exchange/streams/socket-text';
import { ListenKeys } from './listen-keys';

const DAY_MS = 24 * 3_600_000;

/** Binance: "A single connection can listen to a maximum of 1024 streams." */
export const MAX_STREAMS_PER_CONNECTION = 1024;
/** Binance: "WebSocket connections have a limit of 10 incoming messages per second." */
export const MAX_INCOMING_PER_SECOND = 10;

interface Connection {
  socket: WebSocket;
  /** When its latest incoming messages arrived (the last second's), for the 10-per-second limit. */
  incoming: number[];
  kind: 'user' | 'market';
  account?: string;
  listenKey?: string;
  /** The listenKey expired: Binance pushes nothing more on this connection. */
  silenced: boolean;
  streams: Set<string>;
  combined: boolean;
  openedAt: number;
  lifetime: NodeJS.Timeout;
}

export interface DropRule {
  count: number;
  /** Only events of this type (e.g. ORDER_TRADE_UPDATE); any user event when absent. */
  event?: string;
  /** Only this account's (API key's) events; any account's when absent. */
  account?: string;
}

export interface StreamStats {
  connections: Array<{ kind: 'user' | 'market'; streams: string[]; openedAt: number; silenced: boolean }>;
  listenKeys: number;
  delivered: number;
  dropped: number;
  refused: number;
}

export class FakeStreamServer {
  readonly listenKeys: ListenKeys;
  delayMs = 0;
  /**
   * A network stall (no Binance behaviour): the connections of that kind stay open and nothing arrives,
   * neither events nor mark prices; what is not sent meanwhile is lost.
   */
  readonly stalled = { user: false, market: false };
  connectionLifetimeMs = DAY_MS;
  private dropRules: DropRule[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly connections = new Set<Connection>();
  private readonly unsubscribes = new Map<string, () => void>();
  private readonly sweep: NodeJS.Timeout;
  private readonly ticks: NodeJS.Timeout[];
  private counts = { delivered: 0, dropped: 0, refused: 0 };

  /**
   * `streamOf` answers an account's (API key's) engine stream; `markPrice` a symbol's markPriceUpdate as of
   * now (undefined for a symbol it does not list), and `symbols` every symbol listed (for !markPrice@arr).
   */
  constructor(
    private readonly streamOf: (account: string) => EngineStream | undefined,
    private readonly market: { markPrice: (symbol: string) => StreamPayload | undefined; symbols: () => string[] },
    now: () => number = Date.now,
  ) {
    this.listenKeys = new ListenKeys(now);
    this.sweep = setInterval(() => this.expireDue(), 200);
    this.sweep.unref();
    this.ticks = [setInterval(() => this.tick('1s'), 1000), setInterval(() => this.tick('3s'), 3000)];
    for (const tick of this.ticks) tick.unref();
  }

  attach(server: Server): void {
    server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) =>
      this.upgrade(request, socket, head),
    );
  }

  resetFaults(): void {
    this.delayMs = 0;
    this.stalled.user = this.stalled.market = false;
    this.dropRules = [];
  }

  drop(rule: DropRule): void {
    this.dropRules.push({ count: rule.count ?? 1, event: rule.event, account: rule.account });
  }

  /**
   * Closes stream connections abruptly (no close frame), as a network cut would: every one, or only the
   * user-data connections of one account (API key).
   */
  cut(account?: string): number {
    const cut = [...this.connections].filter((c) => account === undefined || c.account === account);
    for (const c of cut) c.socket.terminate();
    return cut.length;
  }

  /** Expires the account's listenKey now; its connections get listenKeyExpired, then silence. */
  expireListenKey(account: string): string | undefined {
    const key = this.listenKeys.expire(account);
    if (key) this.expired(key);
    return key;
  }

  stats(): StreamStats {
    return {
      connections: [...this.connections].map((c) => ({
        kind: c.kind,
        streams: [...c.streams],
        openedAt: c.openedAt,
        silenced: c.silenced,
      })),
      listenKeys: this.listenKeys.count,
      ...this.counts,
    };
  }

  close(): void {
    clearInterval(this.sweep);
    for (const tick of this.ticks) clearInterval(tick);
    for (const c of this.connections) c.socket.terminate();
    this.wss.close();
  }

  private upgrade(request: IncomingMessage, socket: Socket, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://fake');
    const route = /^(?:\/(private|public|market))?\/(ws|stream)(?:\/([^/]+))?$/.exec(url.pathname);
    const combined = route?.[2] === 'stream';
    const names = combined
      ? (url.searchParams.get('streams') ?? '').split('/').filter(Boolean)
      : route?.[3]
        ? [route[3]]
        : [];
    const account = !combined && names.length === 1 ? this.listenKeys.accountOf(names[0]) : undefined;
    const isUser = account !== undefined;
    const unknownName = names.some((n) => !isUser && !isMarketStream(n));
    const tooMany = names.length > MAX_STREAMS_PER_CONNECTION;
    if (!route || unknownName || tooMany || (isUser && route[1] === 'market')) {
      this.counts.refused += 1;
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      const connection: Connection = {
        socket: ws,
        incoming: [],
        kind: isUser ? 'user' : 'market',
        account,
        listenKey: isUser ? names[0] : undefined,
        silenced: false,
        streams: new Set(isUser ? [] : names),
        combined,
        openedAt: Date.now(),
        lifetime: setTimeout(() => ws.close(1000, 'connection lifetime reached'), this.connectionLifetimeMs),
      };
      connection.lifetime.unref();
      this.connections.add(connection);
      this.listen();
      ws.on('message', (data) => this.request(connection, socketText(data)));
      ws.on('close', () => {
        clearTimeout(connection.lifetime);
        this.connections.delete(connection);
        this.listen();
      });
      ws.on('error', () => undefined);
    });
  }

  /** Listens to the engines only while someone is connected (the engine builds nothing otherwise). */
  private listen(): void {
    const accounts = new Set([...this.connections].filter((c) => c.kind === 'user').map((c) => c.account!));
    for (const account of accounts) {
      if (this.unsubscribes.has(account)) continue;
      const stream = this.streamOf(account);
      if (stream)
        this.unsubscribes.set(
          account,
          stream.onUser((p) => this.publishUser(account, p)),
        );
    }
    for (const [account, unsubscribe] of this.unsubscribes) {
      if (accounts.has(account)) continue;
      unsubscribe();
      this.unsubscribes.delete(account);
    }
  }

  private publishUser(account: string, payload: StreamPayload): void {
    const rule = this.dropRules.find(
      (r) => r.count > 0 && (!r.event || r.event === payload.e) && (!r.account || r.account === account),
    );
    if (rule) {
      rule.count -= 1;
      this.counts.dropped += 1;
      return;
    }
    for (const c of this.connections) {
      if (c.kind === 'user' && c.account === account && !c.silenced) this.send(c, c.listenKey!, payload);
    }
  }

  /** One tick of a cadence: every mark-price stream of that speed gets the price as of now. */
  private tick(speed: '1s' | '3s'): void {
    for (const c of this.connections) {
      if (c.kind !== 'market') continue;
      for (const name of c.streams) {
        const stream = /^([a-z0-9]+|!markPrice@arr)(?:@markPrice)?(@1s)?$/.exec(name);
        if (!stream || (stream[2] ? '1s' : '3s') !== speed) continue;
        const payload =
          stream[1] === '!markPrice@arr'
            ? this.market.symbols().map((s) => this.market.markPrice(s))
            : this.market.markPrice(stream[1].toUpperCase());
        if (payload) this.send(c, name, payload);
      }
    }
  }

  private send(c: Connection, stream: string, payload: unknown): void {
    if (this.stalled[c.kind]) return;
    const text = JSON.stringify(c.combined ? { stream, data: payload } : payload);
    const deliver = () => {
      if (c.socket.readyState !== WebSocket.OPEN) return;
      this.counts.delivered += 1;
      c.socket.send(text);
    };
    if (this.delayMs > 0) setTimeout(deliver, this.delayMs);
    else deliver();
  }

  /** Live subscription requests: {"method":"SUBSCRIBE","params":["btcusdt@markPrice"],"id":1}. */
  private request(c: Connection, text: string): void {
    const now = Date.now();
    c.incoming = c.incoming.filter((at) => at > now - 1000);
    c.incoming.push(now);
    if (c.incoming.length > MAX_INCOMING_PER_SECOND) {
      this.counts.refused += 1;
      return void c.socket.close(1008, 'Too many requests');
    }
    let message: { method?: string; params?: unknown; id?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return void c.socket.send(JSON.stringify({ error: { code: 3, msg: 'Invalid JSON' }, id: null }));
    }
    const params = Array.isArray(message.params) ? message.params.map(String) : [];
    const id = message.id ?? null;
    const invalid = (msg: string) => c.socket.send(JSON.stringify({ error: { code: 2, msg }, id }));
    if (message.method === 'LIST_SUBSCRIPTIONS')
      return void c.socket.send(JSON.stringify({ result: [...c.streams], id }));
    if (message.method !== 'SUBSCRIBE' && message.method !== 'UNSUBSCRIBE')
      return invalid('Invalid request: unknown method');
    if (c.kind === 'user' || params.some((p) => !isMarketStream(p))) return invalid('Invalid request: unknown stream');
    const after = new Set([...c.streams, ...(message.method === 'SUBSCRIBE' ? params : [])]);
    if (after.size > MAX_STREAMS_PER_CONNECTION) return invalid('Invalid request: too many streams on one connection');
    for (const p of params) {
      if (message.method === 'SUBSCRIBE') c.streams.add(p);
      else c.streams.delete(p);
    }
    c.socket.send(JSON.stringify({ result: null, id }));
  }

  private expireDue(): void {
    for (const { key } of this.listenKeys.sweepExpired()) this.expired(key);
  }

  private expired(key: string): void {
    for (const c of this.connections) {
      if (c.kind !== 'user' || c.listenKey !== key || c.silenced) continue;
      this.send(c, key, listenKeyExpired(key, Date.now()));
      c.silenced = true;
    }
  }
}

function isMarketStream(name: string): boolean {
  return /^[a-z0-9]+@markPrice(@1s)?$/.test(name) || /^!markPrice@arr(@1s)?$/.test(name);
}
