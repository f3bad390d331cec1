/**
 * A protocol-faithful fake of Binance's USDⓈ-M Futures REST API on 127.0.0.1:
 * Binance's paths, parameters, JSON shapes, authentication and error codes,
 * backed by the simulated account of the paper engine. Tests and the benchmark
 * point the real binance-api-node client at it.
 *
 * Test controls live under /__control (never under Binance paths): reset,
 * prices, balance, position mode, latency, injected failures (a lost answer
 * whose order executes later included), the account's order-count limits,
 * stream faults, Binance's own account events (funding, liquidation, margin
 * call), and a log of the requests received.
 *
 * The user-data and market streams are served over WebSocket on the same port
 * (stream-server.ts), keyed by account (API key) like the listenKeys.
 */
import Decimal from 'decimal.js';
import express, { NextFunction, Request, Response } from 'express';
import { Server } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { BinanceRejection, BINANCE_MESSAGES } from '../../src/exchange/paper/binance-rejection';
import { FuturesEngine, Params } from '../../src/exchange/paper/futures-engine';
import { MARKET_CATALOGUE } from '../../src/exchange/paper/market-catalogue';
import { klinesWeight } from '../../src/exchange/paper/price-klines';
import { accountRoutes } from './account-routes';
import { algoOrderRoutes, RouteSpec } from './algo-routes';
import { SignedRequest, verifyApiKey, verifySignedRequest } from './binance-auth';
import { DeferredOrders } from './deferred-orders';
import { FakeAccount, FakeAccounts } from './fake-accounts';
import { BINANCE_ORDER_LIMITS, OrderCounter, OrderLimits } from './order-counter';
import { FakeStreamServer } from './stream-server';
import { streamControlRoutes } from './stream-controls';

const MARKET_SYMBOLS = new Set(MARKET_CATALOGUE.map((s) => s.symbol));

export interface FakeBinanceOptions {
  apiKey?: string;
  apiSecret?: string;
  walletUsdt?: string;
  latencyMs?: number;
  /** The account's order-count limits; Binance's defaults (exchangeInfo's ORDERS rate limits) unless set. */
  orderLimits?: OrderLimits;
}

export interface FailRule {
  path: string;
  method?: string;
  count: number;
  status?: number;
  code?: number;
  msg?: string;
  /** Never answer (the connection stays open until the client gives up). */
  timeout?: boolean;
  /** Process the request first (an order executes), then fail or hang. */
  execute?: boolean;
  /** Close the connection without an answer. */
  drop?: boolean;
  /**
   * Accept the request, lose its answer (as `timeout`, `drop`, `status` or
   * `code` say) and execute it later: this many ms after it arrived, and not
   * before the first lookup of its client order id has been answered, but
   * never after its recvWindow ran out (Binance would refuse it then).
   */
  executeAfterMs?: number;
  /** Seconds, for 429/418. */
  retryAfter?: number;
  /** Only requests signed with this API key (one account); every account when left out. */
  apiKey?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  params: Params;
  receivedAt: number;
  /** The X-MBX-APIKEY it carried: which account it acted on. */
  apiKey?: string;
  status?: number;
  failed?: string;
  /** For an order whose answer was lost and that executes later: pending, executed, expired or rejected. */
  deferred?: string;
}

/** `engine`: the account the request's API key acts on; `apiKey`: the key it carried. */
type Handler = (params: Params, engine: FuturesEngine, apiKey: string) => unknown;

export class FakeBinanceServer {
  readonly engine: FuturesEngine;
  readonly apiKey: string;
  readonly apiSecret: string;
  latencyMs: number;
  requests: RecordedRequest[] = [];
  private failRules: FailRule[] = [];
  /** Requests held open by a `timeout` fault whose connection the client has not closed yet. */
  private readonly held = new Set<Request>();
  readonly orderCounter: OrderCounter;
  /** Every account the fake serves, one per API key; the options' key is the main one (`engine`). */
  readonly accounts: FakeAccounts;
  private readonly deferred: DeferredOrders;
  private usedWeight = { minute: 0, count: 0 };
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  readonly app = express();
  private control!: express.Router;
  /** User-data and market streams over WebSocket, with their listenKeys. */
  readonly streams: FakeStreamServer;

  constructor(private readonly options: FakeBinanceOptions = {}) {
    this.apiKey = options.apiKey ?? 'fake-key';
    this.apiSecret = options.apiSecret ?? 'fake-secret';
    this.latencyMs = options.latencyMs ?? 0;
    this.engine = new FuturesEngine({ walletUsdt: options.walletUsdt ?? '10000' });
    this.orderCounter = new OrderCounter(options.orderLimits ?? BINANCE_ORDER_LIMITS);
    const main = {
      apiKey: this.apiKey,
      apiSecret: this.apiSecret,
      engine: this.engine,
      orderCounter: this.orderCounter,
      revoked: false,
    };
    this.accounts = new FakeAccounts(main, options.orderLimits ?? BINANCE_ORDER_LIMITS);
    this.deferred = new DeferredOrders(() => this.engine.now());
    this.streams = new FakeStreamServer((account) => this.accountEngine(account)?.stream, {
      markPrice: (symbol) => (MARKET_SYMBOLS.has(symbol) ? this.engine.events.markPricePayload(symbol) : undefined),
      symbols: () => [...MARKET_SYMBOLS],
    });
    this.routes();
  }

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    await new Promise<void>((resolve) => {
      const server = this.app.listen(port, host, () => resolve());
      server.keepAliveTimeout = 60_000;
      server.on('connection', (socket) => {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
      });
      this.server = server;
    });
    this.streams.attach(this.server!);
    return this.url;
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  /** The simulated account an API key trades on. */
  accountEngine(apiKey: string): FuturesEngine | undefined {
    return this.accounts.get(apiKey)?.engine;
  }

  async stop(): Promise<void> {
    this.deferred.clear();
    this.streams.close();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  reset(walletUsdt = this.options.walletUsdt ?? '10000'): void {
    this.engine.reset(walletUsdt);
    this.failRules = [];
    this.deferred.clear();
    this.orderCounter.reset(this.options.orderLimits ?? BINANCE_ORDER_LIMITS);
    this.accounts.reset();
    this.latencyMs = this.options.latencyMs ?? 0;
    this.requests = [];
    // Stream faults end; listenKeys and open connections stay, as they would on Binance.
    this.streams.resetFaults();
  }

  /** How many requests a `timeout` fault holds whose connection is still open. */
  heldRequests(): number {
    return this.held.size;
  }

  fail(rule: FailRule): void {
    this.failRules.push({ ...rule, count: rule.count ?? 1 });
  }

  private routes(): void {
    const app = this.app;
    app.disable('x-powered-by');
    app.disable('etag');
    this.control = this.controlRoutes();
    app.use('/__control', express.json(), this.control);
    // Binance reads parameters from the query string and from a form body.
    app.use(express.text({ type: '*/*', limit: '1mb' }));

    const pub = (method: 'get', path: string, weight: RouteSpec['weight'], handler: Handler) =>
      this.route(method, path, weight, false, handler);
    const signed = (method: 'get' | 'post' | 'delete', path: string, weight: RouteSpec['weight'], handler: Handler) =>
      this.route(method, path, weight, true, handler);

    pub('get', '/fapi/v1/ping', 1, () => ({}));
    pub('get', '/fapi/v1/time', 1, (_p, e) => ({ serverTime: e.now() }));
    pub('get', '/fapi/v1/exchangeInfo', 1, (_p, e) => e.exchangeInfo());
    pub('get', '/fapi/v1/ticker/price', 1, (p, e) => e.tickerPrice(p.symbol));
    pub('get', '/fapi/v2/ticker/price', 1, (p, e) => e.tickerPrice(p.symbol));
    pub('get', '/fapi/v1/premiumIndex', 1, (p, e) => e.premiumIndex(p.symbol));
    // Candles of the engine's price path; weight by limit as Binance charges it (price-klines.ts cites the docs).
    pub(
      'get',
      '/fapi/v1/klines',
      (p) => klinesWeight(p.limit),
      (p, e) => e.klines(p),
    );
    signed('get', '/fapi/v2/balance', 5, (_p, e) => e.balance());
    signed('get', '/fapi/v3/balance', 5, (_p, e) => e.balance());
    signed('get', '/fapi/v2/positionRisk', 5, (p, e) => e.positionRisk(p.symbol));
    signed('get', '/fapi/v1/positionSide/dual', 30, (_p, e) => e.getPositionMode());
    signed('get', '/fapi/v1/multiAssetsMargin', 30, (_p, e) => e.getMultiAssetsMargin());
    signed('post', '/fapi/v1/multiAssetsMargin', 1, (p, e) => e.setMultiAssetsMargin(p));
    signed('get', '/fapi/v1/leverageBracket', 1, (p, e) => e.leverageBracket(p.symbol));
    signed('post', '/fapi/v1/positionSide/dual', 1, (p, e) => e.setPositionMode(p));
    signed('post', '/fapi/v1/leverage', 1, (p, e) => e.setLeverage(p));
    signed('post', '/fapi/v1/marginType', 1, (p, e) => e.setMarginType(p));
    signed('post', '/fapi/v1/order', 0, (p, e) => e.newOrder(p));
    signed('get', '/fapi/v1/order', 1, (p, e) => e.queryOrder(p));
    signed('post', '/fapi/v1/batchOrders', 5, (p, e) => e.batchOrders(p));
    // Current All Open Orders: 1 for a single symbol, 40 when the symbol is omitted.
    // https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api/Current-All-Open-Orders
    signed(
      'get',
      '/fapi/v1/openOrders',
      (p) => (p.symbol ? 1 : 40),
      (p, e) => e.openOrders(p),
    );
    signed('delete', '/fapi/v1/allOpenOrders', 1, (p, e) => e.cancelAllOpenOrders(p));
    // User-data stream keys: USER_STREAM security (API key, no signature), weight 1, one key per account.
    // https://developers.binance.com/docs/derivatives/usds-margined-futures/user-data-streams/Start-User-Data-Stream
    const keys = this.streams.listenKeys;
    this.route('post', '/fapi/v1/listenKey', 1, false, (_p, _e, key) => ({ listenKey: keys.create(key) }));
    this.route('put', '/fapi/v1/listenKey', 1, false, (p, _e, key) => ({
      listenKey: keys.keepAlive(key, p.listenKey),
    }));
    this.route('delete', '/fapi/v1/listenKey', 1, false, (p, _e, key) => (keys.close(key, p.listenKey), {}));
    for (const r of [...algoOrderRoutes(), ...accountRoutes()]) {
      this.route(r.method, r.path, r.weight, r.signed, r.handler);
    }
    app.use((req, res) => {
      // Recorded too, so a client that moved to a path the fake does not serve shows up in the log.
      this.requests.push({ method: req.method, path: req.path, params: {}, receivedAt: Date.now(), status: 404 });
      res.status(404).type('text/html').send('<html><body><h1>404 Not Found</h1></body></html>');
    });
  }

  private route(
    method: RouteSpec['method'] | 'put',
    path: string,
    weight: RouteSpec['weight'],
    signed: boolean,
    fn: Handler,
  ) {
    this.app[method](path, (req: Request, res: Response) => {
      void this.handle(req, res, path, weight, signed, fn);
    });
  }

  private async handle(
    req: Request,
    res: Response,
    path: string,
    weight: RouteSpec['weight'],
    signed: boolean,
    handler: Handler,
  ): Promise<void> {
    const rawQuery = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '';
    const rawBody = typeof req.body === 'string' ? req.body : '';
    // "If a parameter sent in both the query string and request body, the query string parameter will be used."
    const fromBody = Object.fromEntries(new URLSearchParams(rawBody));
    const params: Params = { ...fromBody, ...Object.fromEntries(new URLSearchParams(rawQuery)) };
    const record: RecordedRequest = {
      method: req.method,
      path,
      params: withoutSignature(params),
      receivedAt: Date.now(),
      apiKey: req.header('x-mbx-apikey'),
    };
    this.requests.push(record);
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    this.countWeight(res, typeof weight === 'function' ? weight(params) : weight);

    // Signed requests act on the account of their key; public ones read the main account's market.
    const apiKeyHeader = req.header('x-mbx-apikey');
    const account = (signed && this.accounts.get(apiKeyHeader)) || this.accounts.main;
    const rule = this.takeFailRule(req.method, path, apiKeyHeader);
    const respond = (status: number, body: unknown) => {
      record.status = status;
      res.status(status).json(body);
    };
    let answered = false;
    try {
      if (rule && !rule.execute && rule.executeAfterMs === undefined) return this.applyFailure(rule, req, res, record);
      if (signed) verifyAccountRequest({ apiKeyHeader, rawQuery, rawBody, params }, account, this.engine.now());
      else if (path === '/fapi/v1/listenKey')
        verifyApiKey(apiKeyHeader, (this.accounts.get(apiKeyHeader) ?? this.accounts.main).apiKey);
      else if (apiKeyHeader !== undefined && path.startsWith('/fapi/v1/order')) verifyApiKey(apiKeyHeader, this.apiKey);
      const orders = req.method === 'POST' ? ordersPlacedBy(path, params) : 0;
      if (orders > 0) account.orderCounter.count(orders, res);
      if (rule?.executeAfterMs !== undefined) {
        this.deferred.add(params, rule.executeAfterMs, record, () =>
          handler(params, account.engine, apiKeyHeader ?? ''),
        );
        return this.applyFailure(rule, req, res, record);
      }
      answered = true;
      const result = handler(params, account.engine, apiKeyHeader ?? '');
      if (rule) return this.applyFailure(rule, req, res, record);
      respond(200, result);
    } catch (error) {
      if (error instanceof BinanceRejection) {
        if (error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.retryAfterSeconds));
        return respond(error.httpStatus, error.toJSON());
      }
      respond(500, { code: -1000, msg: 'An unknown error occured while processing the request.' });
    } finally {
      // A deferred order may execute once a lookup of its client order id was answered (not found).
      const lookup = answered && req.method === 'GET' && path === '/fapi/v1/order';
      if (lookup && params.origClientOrderId) this.deferred.lookedUp(params.origClientOrderId);
    }
  }

  private takeFailRule(method: string, path: string, apiKey: string | undefined): FailRule | undefined {
    const rule = this.failRules.find(
      (r) =>
        r.path === path &&
        (!r.method || r.method.toUpperCase() === method) &&
        (r.apiKey === undefined || r.apiKey === apiKey) &&
        r.count > 0,
    );
    if (rule) rule.count -= 1;
    return rule;
  }

  private applyFailure(rule: FailRule, req: Request, res: Response, record: RecordedRequest): void {
    record.failed = rule.timeout ? 'timeout' : rule.drop ? 'drop' : String(rule.code ?? rule.status);
    if (rule.timeout) {
      // Hold the connection: the client times out (and should close it).
      this.held.add(req);
      res.once('close', () => this.held.delete(req));
      return;
    }
    if (rule.drop) return void req.socket.destroy();
    const status = rule.status ?? (rule.code === -1003 || rule.code === -1015 ? 429 : 400);
    record.status = status;
    if (status === 429 || status === 418) res.setHeader('Retry-After', String(rule.retryAfter ?? 1));
    if (rule.code !== undefined) {
      res.status(status).json({ code: rule.code, msg: rule.msg ?? defaultMessage(rule.code, status, rule.retryAfter) });
    } else if (status === 429 || status === 418) {
      res.status(status).json({ code: -1003, msg: defaultMessage(-1003, status, rule.retryAfter) });
    } else {
      const page = `<html><body><h1>${status} ${STATUS_TEXT[status] ?? 'Error'}</h1></body></html>`;
      res.status(status).type('text/html').send(page);
    }
  }

  private countWeight(res: Response, weight: number): void {
    const minute = Math.floor(Date.now() / 60_000);
    if (minute !== this.usedWeight.minute) this.usedWeight = { minute, count: 0 };
    this.usedWeight.count += weight;
    res.setHeader('X-MBX-USED-WEIGHT-1M', String(this.usedWeight.count));
  }

  /** Every control route as "METHOD /__control/path" (the --help test checks each is documented). */
  controlEndpoints(): string[] {
    const layers = this.control.stack as Array<{ route?: { path: string; methods: Record<string, boolean> } }>;
    return layers.flatMap(({ route }) =>
      route ? Object.keys(route.methods).map((m) => `${m.toUpperCase()} /__control${route.path}`) : [],
    );
  }

  private controlRoutes(): express.Router {
    const router = express.Router();
    const e = this.engine;
    router.post('/reset', (req, res) => {
      this.reset(req.body?.walletUsdt);
      res.json({ ok: true });
    });
    router.post('/price', (req, res) => {
      // Conditional orders whose trigger the new price crosses place their orders now.
      const triggered = this.accounts
        .all()
        .flatMap((account) => account.engine.setPrice(String(req.body.symbol), String(req.body.price)));
      res.json({ ok: true, triggeredAlgoIds: triggered.map((o) => o.algoId) });
    });
    router.post('/balance', (req, res) => {
      if ((req.body.asset ?? 'USDT') !== 'USDT') return res.status(400).json({ error: 'only USDT is simulated' });
      const { apiKey, amount } = controlBody(req);
      const account = apiKey === undefined ? this.accounts.main : this.accounts.get(text(apiKey));
      if (!account) return res.status(404).json({ error: `no account with API key ${text(apiKey)}` });
      account.engine.wallet = new Decimal(text(amount));
      res.json({ ok: true });
    });
    router.post('/position-mode', (req, res) => {
      e.dualSidePosition = req.body.dualSidePosition === true || req.body.dualSidePosition === 'true';
      e.positions.clear();
      res.json({ ok: true });
    });
    router.post('/symbol-settings', (req, res) => {
      const current = e.setting(String(req.body.symbol));
      e.settings.set(String(req.body.symbol), {
        leverage: Number(req.body.leverage ?? current.leverage),
        marginType: req.body.marginType ?? current.marginType,
      });
      res.json({ ok: true });
    });
    router.post('/multi-assets', (req, res) => {
      e.multiAssetsMargin = req.body.multiAssetsMargin === true || req.body.multiAssetsMargin === 'true';
      res.json({ ok: true });
    });
    router.post('/batch-order', (req, res) => {
      const seed = req.body.seed === undefined ? undefined : Number(req.body.seed);
      e.batchOrder.set({ mode: req.body.mode ?? 'random', seed });
      res.json({ ok: true, ...e.batchOrder.current });
    });
    router.post('/latency', (req, res) => {
      this.latencyMs = Number(req.body.ms ?? 0);
      res.json({ ok: true });
    });
    router.post('/order-limits', (req, res) => {
      const limit = (value: unknown, current: number) =>
        value === undefined ? current : value === null ? Infinity : Number(value);
      const { per10s, perMinute } = this.orderCounter.limits;
      const limits = { per10s: limit(req.body.per10s, per10s), perMinute: limit(req.body.perMinute, perMinute) };
      if (!(limits.per10s > 0) || !(limits.perMinute > 0)) {
        return res.status(400).json({ error: 'per10s and perMinute must be positive numbers (null: no limit)' });
      }
      this.orderCounter.reset(limits);
      res.json({ ok: true });
    });
    router.post('/fail', (req, res) => {
      this.fail(req.body as FailRule);
      res.json({ ok: true });
    });
    router.get('/state', (_req, res) => {
      res.json({ ...accountState(this.accounts.main), batchOrder: e.batchOrder.current });
    });
    router.get('/requests', (_req, res) => res.json(this.requests));
    router.post('/accounts', (req, res) => {
      const body = controlBody(req);
      const wallet = body.walletUsdt === undefined ? undefined : text(body.walletUsdt);
      this.accounts.add({ apiKey: text(body.apiKey), apiSecret: text(body.apiSecret), walletUsdt: wallet });
      res.json({ ok: true, apiKey: body.apiKey });
    });
    router.post('/accounts/revoke', (req, res) => {
      const body = controlBody(req);
      const revoked = body.revoked !== false && body.revoked !== 'false';
      if (!this.accounts.revoke(text(body.apiKey), revoked)) {
        return res.status(404).json({ error: `no account with API key ${text(body.apiKey)}` });
      }
      res.json({ ok: true, revoked });
    });
    router.get('/accounts', (_req, res) => {
      res.json(
        this.accounts
          .all()
          .map((account) => ({ apiKey: account.apiKey, revoked: account.revoked, ...accountState(account) })),
      );
    });
    streamControlRoutes(router, this);
    router.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
      res.status(error instanceof BinanceRejection ? error.httpStatus : 400).json({ error: error.message });
    });
    return router;
  }
}

/** A control request's JSON body as plain values. */
function controlBody(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** One account as /__control/state and /__control/accounts show it. */
function accountState({ engine: e }: FakeAccount) {
  return {
    balances: e.balance(),
    dualSidePosition: e.dualSidePosition,
    multiAssetsMargin: e.multiAssetsMargin,
    positions: (e.positionRisk() as Array<{ positionAmt: string }>).filter((p) => Number(p.positionAmt) !== 0),
    openOrders: e.openOrders({}),
    openAlgoOrders: e.openAlgoOrders({}),
    settings: Object.fromEntries(e.settings),
  };
}

/** A signed request of one account: the key must be known and not revoked (-2015), then signed with its secret. */
function verifyAccountRequest(request: SignedRequest, account: FakeAccount, serverTime: number): void {
  if (account.revoked) verifyApiKey(request.apiKeyHeader, '');
  verifySignedRequest(request, account.apiKey, account.apiSecret, serverTime);
}

function withoutSignature(params: Params): Params {
  const { signature: _signature, ...rest } = params;
  return rest;
}

function defaultMessage(code: number, status: number, retryAfter?: number): string {
  if (code === -1003 && status === 418)
    return (
      `Way too many requests; IP banned until ${Date.now() + (retryAfter ?? 1) * 1000}. Please use the ` +
      `websocket for live updates to avoid bans.`
    );
  if (code === -1003)
    return (
      'Too many requests; current limit is 2400 requests per minute. Please use the websocket for live ' +
      'updates to avoid polling the API.'
    );
  if (code === -1015) return 'Too many new orders; current limit is 300 orders per 10 SECOND.';
  return BINANCE_MESSAGES[code] ?? `Injected failure ${code}`;
}

/**
 * How many orders a request places, for the order-count limits: Binance counts
 * every order against the account, each item of a batch included.
 */
function ordersPlacedBy(path: string, params: Params): number {
  if (path === '/fapi/v1/order') return 1;
  if (path !== '/fapi/v1/batchOrders') return 0;
  try {
    const list: unknown = JSON.parse(params.batchOrders ?? '');
    return Array.isArray(list) ? list.length : 1;
  } catch {
    return 1;
  }
}

const STATUS_TEXT: Record<number, string> = {
  408: 'Request Timeout',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
