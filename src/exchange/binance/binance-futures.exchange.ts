/**
 * The exchange port on Binance USDⓈ-M Futures, through binance-api-node:
 * live, testnet (Binance's futures demo URL) or BINANCE_FUTURES_URL. It keeps
 * a clock offset to Binance's server time (synced at start and after -1021),
 * signs with recvWindow from config, asks for newOrderRespType=RESULT and
 * turns every failure into an ExchangeError with the Binance code. A request
 * that times out is cancelled, not left in flight; an order whose outcome is
 * unknown says until when Binance could still execute it.
 */
import Binance from 'binance-api-node';
import Decimal from 'decimal.js';
import {
  ExchangeError,
  exchangeErrorFromBinance,
  exchangeErrorFromHttp,
  exchangeNetworkError,
  exchangeTimeoutError,
} from '../exchange-error';
import {
  ConditionalOrder,
  ConditionalOrderRequest,
  ExchangePort,
  Kline,
  KlineInterval,
  LeverageResult,
  OpenOrder,
  OpenPosition,
  OrderRequest,
  OrderResult,
  PositionMode,
  PriceQuote,
  SymbolBrackets,
  SymbolPositions,
  UsdtBalance,
} from '../exchange.port';
import { MarginType } from '../../common/margin-types';
import { binanceVenue, ExchangeVenue } from '../exchange-venue';
import { SymbolRulesCache } from '../symbol-rules.cache';
import { SymbolRules } from '../symbol-rules';
import type { ListenKeyApi } from '../streams/binance/listen-key-api';
import {
  AccountHistoryPort,
  allIncome,
  allTrades,
  HISTORY_PAGE_LIMIT,
  IncomeRecord,
  TradeRecord,
} from '../account-history.port';
import { createHash } from 'node:crypto';
import { RateLimitPauses } from './rate-limit-pauses';
import { currentRequestScope, inRequestScope, RequestScope } from './request-scope';
import {
  conditionalOrderParams,
  orderParams,
  toAllPositions,
  toAllSymbolPositions,
  toBatchResults,
  toConditionalOrder,
  toKlines,
  toLeverageResult,
  toOpenOrder,
  toOrderResult,
  toSymbolBracketsList,
  toSymbolPositions,
  toSymbolRulesList,
  toUsdtBalance,
} from './binance-mappers';

export interface BinanceSettings {
  apiKey: string;
  apiSecret: string;
  /** BINANCE_FUTURES_URL; when absent, live or testnet decides the URL. */
  baseUrl?: string;
  testnet: boolean;
  recvWindowMs: number;
  /** recvWindow of order placements: how long an order whose answer was lost can still execute. */
  orderRecvWindowMs?: number;
  timeoutMs: number;
  symbolRulesRefreshMs: number;
  /** Longest pause after a 429 that names no time (binance-api-node hides Retry-After). */
  pauseMaxMs?: number;
}

/** Backoff between attempts of a read that failed fast (5xx, connection refused). */
const READ_RETRY_DELAYS_MS = [100, 300];

/**
 * Binance refuses a request whose timestamp is older than its recvWindow
 * (gateway -1021, matching engine -5028), so an order whose answer was lost
 * can execute until timestamp + recvWindow on Binance's clock. This margin
 * covers the error of our clock offset (up to half the round trip of the
 * sync) and the time between Binance's gateway and matching engine.
 */
export const EXECUTION_WINDOW_MARGIN_MS = 500;

/** Default recvWindow of order placements (BINANCE_ORDER_RECV_WINDOW_MS). */
export const DEFAULT_ORDER_RECV_WINDOW_MS = 1000;

interface CallOptions {
  timeoutMs?: number;
  /** Signed calls: the recvWindow sent, so an unknown outcome knows until when it could execute. */
  recvWindowMs?: number;
  /** Order placements: held back while Binance's order-rate limit (-1015) is hit. */
  placesOrders?: boolean;
}

type Payload = Record<string, unknown>;
/** The part of binance-api-node's client this adapter uses. */
interface FuturesClient {
  futuresTime(): Promise<number>;
  futuresExchangeInfo(): Promise<unknown>;
  futuresPrices(payload: Payload): Promise<Record<string, string>>;
  futuresCandles(payload: Payload): Promise<unknown>;
  futuresAccountBalance(payload: Payload): Promise<unknown>;
  futuresPositionRisk(payload: Payload): Promise<unknown>;
  futuresPositionMode(payload: Payload): Promise<{ dualSidePosition: boolean }>;
  futuresPositionModeChange(payload: Payload): Promise<unknown>;
  getMultiAssetsMargin(payload: Payload): Promise<{ multiAssetsMargin: boolean }>;
  futuresLeverageBracket(payload: Payload): Promise<unknown>;
  futuresLeverage(payload: Payload): Promise<{ leverage: number; maxNotionalValue: string; symbol: string }>;
  futuresMarginType(payload: Payload): Promise<unknown>;
  futuresOrder(payload: Payload): Promise<unknown>;
  futuresBatchOrders(payload: Payload): Promise<unknown[]>;
  futuresGetOrder(payload: Payload): Promise<unknown>;
  futuresCancelOrder(payload: Payload): Promise<unknown>;
  futuresOpenOrders(payload: Payload): Promise<unknown[]>;
  futuresCancelAllOpenOrders(payload: Payload): Promise<unknown>;
  futuresCancelOrder(payload: Payload): Promise<unknown>;
  futuresGetDataStream(): Promise<{ listenKey: string }>;
  futuresUserTrades(payload: Payload): Promise<Array<Record<string, unknown>>>;
  futuresIncome(payload: Payload): Promise<Array<Record<string, unknown>>>;
  futuresKeepDataStream(payload: Payload): Promise<unknown>;
  futuresCloseDataStream(payload: Payload): Promise<unknown>;
  getInfo(): Record<string, { usedWeight1m?: string; orderCount10s?: string; orderCount1m?: string }>;
}

/** Price reads on their way, by host and symbol, shared by every account's adapter (see price()). */
const pricesInFlight = new Map<string, Promise<Record<string, string>>>();

/** Binance JSON errors reach us without their HTTP status; these are the statuses Binance uses. */
function inferredStatus(code: number): number | undefined {
  if (code === -2014 || code === -2015) return 401;
  if (code === -1015) return 429;
  // -1003 is 429 or 418 (banned): the message tells which, so leave it undecided.
  if (code === -1003) return undefined;
  if (code === -1000 || code === -1001 || code === -1007 || code === -1008) return 503;
  return 400;
}

export class BinanceFuturesExchange implements ExchangePort, ListenKeyApi, AccountHistoryPort {
  readonly kind = 'binance' as const;
  readonly venue: ExchangeVenue;
  readonly rules: SymbolRulesCache;
  /** Leverage brackets are signed (USER_DATA): loaded in the background, never blocking boot. */
  readonly brackets: SymbolRulesCache<SymbolBrackets>;
  private readonly client: FuturesClient;
  private clockOffsetMs = 0;
  private clockSync?: Promise<void>;
  private readonly pauses: RateLimitPauses;

  constructor(private readonly settings: BinanceSettings) {
    this.venue = binanceVenue(settings.testnet, settings.baseUrl);
    this.client = Binance({
      apiKey: settings.apiKey,
      apiSecret: settings.apiSecret,
      httpFutures: settings.baseUrl,
      testnet: !settings.baseUrl && settings.testnet,
      getTime: () => {
        const now = Date.now();
        const scope = currentRequestScope();
        if (scope) scope.signedAtMs = now;
        return now + this.clockOffsetMs;
      },
    }) as unknown as FuturesClient;
    this.pauses = new RateLimitPauses(settings.pauseMaxMs);
    this.rules = new SymbolRulesCache(() => this.fetchSymbolRules(), settings.symbolRulesRefreshMs);
    this.brackets = new SymbolRulesCache(() => this.fetchBrackets(), settings.symbolRulesRefreshMs);
  }

  /** The account traded on: the mode and a hash of the API key (never the key itself). */
  get accountId(): string {
    return `${this.venue.mode}:${createHash('sha256').update(this.settings.apiKey).digest('hex').slice(0, 16)}`;
  }

  tradeHistory(symbol: string, startTime: number, endTime: number): Promise<TradeRecord[]> {
    const page = (from: number, to: number) =>
      this.read(() =>
        this.signed((p) => this.client.futuresUserTrades(p), {
          symbol,
          startTime: from,
          endTime: to,
          limit: HISTORY_PAGE_LIMIT,
        }),
      );
    return allTrades(page, startTime, endTime);
  }

  incomeHistory(startTime: number, endTime: number): Promise<IncomeRecord[]> {
    const page = (n: number) =>
      this.read(() =>
        this.signed((p) => this.client.futuresIncome(p), { startTime, endTime, limit: HISTORY_PAGE_LIMIT, page: n }),
      );
    return allIncome(page);
  }

  /** BINANCE_FUTURES_URL when set (the stream host is derived from it). */
  get baseUrl(): string | undefined {
    return this.settings.baseUrl;
  }

  /** Clock offset and symbol rules, in parallel. */
  async start(): Promise<void> {
    await Promise.all([this.syncClock(), this.rules.start()]);
    void this.brackets.start().catch(() => undefined);
  }

  stop(): void {
    this.rules.stop();
    this.brackets.stop();
  }

  get clockOffset(): number {
    return this.clockOffsetMs;
  }

  get pausedUntil(): number | undefined {
    return this.pauses.requestsUntil;
  }

  get ordersPausedUntil(): number | undefined {
    return this.pauses.ordersUntil;
  }

  /** The used-weight header Binance sent last, if any. */
  usedWeight1m(): number | undefined {
    return this.lastHeader('usedWeight1m');
  }

  /** The order-count headers (X-MBX-ORDER-COUNT-10S / -1M) of the last order answer, if any. */
  orderCounts(): { orderCount10s?: number; orderCount1m?: number } {
    return { orderCount10s: this.lastHeader('orderCount10s'), orderCount1m: this.lastHeader('orderCount1m') };
  }

  /**
   * binance-api-node keeps the rate-limit headers of every answer (errors
   * included) in getInfo(), by host: the only place they survive, since its
   * JSON errors lose status and headers.
   */
  private lastHeader(name: 'usedWeight1m' | 'orderCount10s' | 'orderCount1m'): number | undefined {
    const values = Object.values(this.client.getInfo())
      .map((i) => Number(i[name]))
      .filter((n) => Number.isFinite(n));
    return values.length ? Math.max(...values) : undefined;
  }

  syncClock(): Promise<void> {
    this.clockSync ??= (async () => {
      const sentAt = Date.now();
      const serverTime = Number(await this.call(() => this.client.futuresTime()));
      const receivedAt = Date.now();
      this.clockOffsetMs = Math.round(serverTime - (sentAt + receivedAt) / 2);
    })().finally(() => (this.clockSync = undefined));
    return this.clockSync;
  }

  async fetchSymbolRules(): Promise<SymbolRules[]> {
    return toSymbolRulesList(await this.read(() => this.call(() => this.client.futuresExchangeInfo())));
  }

  async fetchBrackets(): Promise<SymbolBrackets[]> {
    return toSymbolBracketsList(await this.read(() => this.signed((p) => this.client.futuresLeverageBracket(p), {})));
  }

  /** Undefined when the brackets cannot be read: Binance's own check (-2027) still applies. */
  async leverageBrackets(symbol: string): Promise<SymbolBrackets | undefined> {
    return this.brackets.get(symbol).catch(() => undefined);
  }

  async multiAssetsMode(): Promise<boolean> {
    const answer = await this.read(() => this.signed((p) => this.client.getMultiAssetsMargin(p), {}));
    return answer.multiAssetsMargin === true || String(answer.multiAssetsMargin) === 'true';
  }

  symbolRules(symbol: string): Promise<SymbolRules | undefined> {
    return this.rules.get(symbol);
  }

  allSymbolRules(): Promise<SymbolRules[]> {
    return this.rules.all();
  }

  async usdtBalance(): Promise<UsdtBalance> {
    return toUsdtBalance(await this.read(() => this.signed((p) => this.client.futuresAccountBalance(p), {})));
  }

  /**
   * The last price is public and the same for every account: while one read of a symbol is on its way,
   * the other accounts on the same host take its answer (a bot's 50 accounts send one request, not 50).
   * Nothing is kept once it is answered: each later read asks Binance again.
   */
  async price(symbol: string): Promise<PriceQuote> {
    const key = `${this.venue.host}|${symbol}`;
    let read = pricesInFlight.get(key);
    if (!read) {
      read = this.read(() => this.call(() => this.client.futuresPrices({ symbol })));
      pricesInFlight.set(key, read);
      const forget = () => pricesInFlight.delete(key);
      read.then(forget, forget);
    }
    const prices = await read;
    const price = prices[symbol];
    if (price === undefined) throw exchangeErrorFromBinance(-1121, 'Invalid symbol.', 400);
    return { symbol, price: new Decimal(price), source: 'exchange' };
  }

  async positions(symbol: string): Promise<SymbolPositions> {
    return toSymbolPositions(
      symbol,
      await this.read(() => this.signed((p) => this.client.futuresPositionRisk(p), { symbol })),
    );
  }

  async allPositions(): Promise<OpenPosition[]> {
    return toAllPositions(await this.read(() => this.signed((p) => this.client.futuresPositionRisk(p), {})));
  }

  async allSymbolPositions(): Promise<SymbolPositions[]> {
    return toAllSymbolPositions(await this.read(() => this.signed((p) => this.client.futuresPositionRisk(p), {})));
  }

  async positionMode(): Promise<PositionMode> {
    const answer = await this.read(() => this.signed((p) => this.client.futuresPositionMode(p), {}));
    return answer.dualSidePosition ? 'hedge' : 'one-way';
  }

  async setPositionMode(mode: PositionMode): Promise<void> {
    await this.tolerateNoOp(
      this.signed((p) => this.client.futuresPositionModeChange(p), {
        dualSidePosition: mode === 'hedge' ? 'true' : 'false',
      }),
    );
  }

  async setLeverage(symbol: string, leverage: number): Promise<LeverageResult> {
    return toLeverageResult(await this.signed((p) => this.client.futuresLeverage(p), { symbol, leverage }));
  }

  async setMarginType(symbol: string, marginType: MarginType): Promise<void> {
    await this.tolerateNoOp(this.signed((p) => this.client.futuresMarginType(p), { symbol, marginType }));
  }

  async placeOrder(order: OrderRequest): Promise<OrderResult> {
    return toOrderResult(await this.signed((p) => this.client.futuresOrder(p), orderParams(order), this.orderCall()));
  }

  async placeBatchOrders(orders: OrderRequest[]): Promise<Array<OrderResult | Error>> {
    const batchOrders = JSON.stringify(orders.map(orderParams));
    const answers = await this.signed((p) => this.client.futuresBatchOrders(p), { batchOrders }, this.orderCall());
    return toBatchResults(answers);
  }

  /**
   * Orders go out with a short recvWindow: when an order's answer is lost, the
   * signal waits until Binance can no longer execute it (timestamp + recvWindow
   * + margin) before sending it again, and TradingView gives a webhook about
   * 3 s. With 1000 ms that wait ends 1.5 s after the order was signed. Past that
   * moment a lookup by client order id tells as much as the answer would, so
   * the order's own timeout is no longer than that either.
   */
  private orderCall(): CallOptions {
    const recvWindowMs = this.settings.orderRecvWindowMs ?? DEFAULT_ORDER_RECV_WINDOW_MS;
    const timeoutMs = Math.min(this.settings.timeoutMs, recvWindowMs + EXECUTION_WINDOW_MARGIN_MS);
    return { recvWindowMs, timeoutMs, placesOrders: true };
  }

  async openOrders(symbol: string): Promise<OpenOrder[]> {
    return (await this.read(() => this.signed((p) => this.client.futuresOpenOrders(p), { symbol }))).map(toOpenOrder);
  }

  /** GET /fapi/v1/openOrders without a symbol (weight 40). */
  async allOpenOrders(): Promise<OpenOrder[]> {
    return (await this.read(() => this.signed((p) => this.client.futuresOpenOrders(p), {}))).map(toOpenOrder);
  }

  async cancelAllOpenOrders(symbol: string): Promise<void> {
    await this.signed((p) => this.client.futuresCancelAllOpenOrders(p), { symbol });
  }

  /** binance-api-node routes a conditional type to POST /fapi/v1/algoOrder (and keeps clientAlgoId). */
  async placeConditionalOrder(order: ConditionalOrderRequest): Promise<ConditionalOrder> {
    return toConditionalOrder(await this.signed((p) => this.client.futuresOrder(p), conditionalOrderParams(order)));
  }

  /** `conditional: true` sends it to GET /fapi/v1/openAlgoOrders: /fapi/v1/openOrders does not list them. */
  async openConditionalOrders(symbol: string): Promise<ConditionalOrder[]> {
    const payload = { symbol, conditional: true };
    const open = await this.read(() => this.signed((p) => this.client.futuresOpenOrders(p), payload));
    return open.map(toConditionalOrder);
  }

  /** GET /fapi/v1/openAlgoOrders without a symbol. */
  async allOpenConditionalOrders(): Promise<ConditionalOrder[]> {
    const open = await this.read(() => this.signed((p) => this.client.futuresOpenOrders(p), { conditional: true }));
    return open.map(toConditionalOrder);
  }

  /** `conditional: true` sends it to DELETE /fapi/v1/algoOpenOrders. */
  async cancelAllConditionalOrders(symbol: string): Promise<void> {
    await this.signed((p) => this.client.futuresCancelAllOpenOrders(p), { symbol, conditional: true });
  }

  /** An algo id sends binance-api-node's cancel to DELETE /fapi/v1/algoOrder. */
  async cancelConditionalOrder(symbol: string, algoId: string): Promise<void> {
    await this.signed((p) => this.client.futuresCancelOrder(p), { symbol, algoId, conditional: true });
  }

  /** A clientAlgoId sends it to GET /fapi/v1/algoOrder; -2013 when Binance has none. */
  async findConditionalOrder(symbol: string, clientAlgoId: string): Promise<ConditionalOrder | undefined> {
    try {
      const found = await this.read(() => this.signed((p) => this.client.futuresGetOrder(p), { symbol, clientAlgoId }));
      return toConditionalOrder(found);
    } catch (error) {
      if (error instanceof ExchangeError && error.code === -2013) return undefined;
      throw error;
    }
  }

  async findOrder(symbol: string, clientOrderId: string): Promise<OrderResult | undefined> {
    try {
      return toOrderResult(
        await this.read(() =>
          this.signed((p) => this.client.futuresGetOrder(p), { symbol, origClientOrderId: clientOrderId }),
        ),
      );
    } catch (error) {
      if (error instanceof ExchangeError && error.code === -2013) return undefined;
      throw error;
    }
  }

  /** The user-data stream's key (POST /fapi/v1/listenKey): the account's active one, extended, or a new one. */
  async createListenKey(): Promise<string> {
    return (await this.call(() => this.client.futuresGetDataStream())).listenKey;
  }

  async keepAliveListenKey(listenKey: string): Promise<void> {
    await this.call(() => this.client.futuresKeepDataStream({ listenKey }));
  }

  async closeListenKey(listenKey: string): Promise<void> {
    await this.call(() => this.client.futuresCloseDataStream({ listenKey }));
  }

  async serverTime(): Promise<number> {
    return Number(await this.call(() => this.client.futuresTime()));
  }

  /** GET /fapi/v1/klines: public market data, unsigned. */
  async klines(symbol: string, interval: KlineInterval, limit: number): Promise<Kline[]> {
    return toKlines(await this.read(() => this.call(() => this.client.futuresCandles({ symbol, interval, limit }))));
  }

  /** A signed call: recvWindow added; after -1021 the clock is resynced and the call tried once more. */
  private async signed<T>(fn: (payload: Payload) => Promise<T>, payload: Payload, options: CallOptions = {}) {
    const recvWindowMs = options.recvWindowMs ?? this.settings.recvWindowMs;
    const withWindow = () => ({ ...payload, recvWindow: recvWindowMs });
    try {
      return await this.call(() => fn(withWindow()), { ...options, recvWindowMs });
    } catch (error) {
      // -1021 refused the request before it was processed: sending it again is safe.
      if (error instanceof ExchangeError && error.code === -1021) {
        await this.syncClock();
        return this.call(() => fn(withWindow()), { ...options, recvWindowMs });
      }
      throw error;
    }
  }

  /** Reads are safe to repeat: a fast failure (5xx, refused connection) is retried with backoff. */
  private async read<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (error) {
        const retryable =
          error instanceof ExchangeError && error.kind === 'unavailable' && attempt < READ_RETRY_DELAYS_MS.length;
        if (!retryable) throw error;
        await new Promise((resolve) => setTimeout(resolve, READ_RETRY_DELAYS_MS[attempt]));
      }
    }
  }

  private async call<T>(fn: () => Promise<T>, options: CallOptions = {}): Promise<T> {
    this.pauses.check(!!options.placesOrders);
    const timeoutMs = options.timeoutMs ?? this.settings.timeoutMs;
    const scope = new RequestScope();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, rejectTimeout) => {
      timer = setTimeout(() => {
        const error = exchangeTimeoutError(timeoutMs);
        scope.abort(error); // close the connection: nothing of it is left in flight
        rejectTimeout(error);
      }, timeoutMs);
    });
    try {
      return await Promise.race([inRequestScope(scope, fn), timeout]);
    } catch (error) {
      let mapped = this.toExchangeError(error);
      this.pauses.after(mapped);
      if (mapped.code === -1121 || mapped.code === -1111)
        void this.rules.refreshIfOlderThan(1_000).catch(() => undefined);
      if (mapped.outcomeUnknown && scope.signedAtMs !== undefined && options.recvWindowMs !== undefined) {
        mapped = mapped.executableUntil(scope.signedAtMs + options.recvWindowMs + EXECUTION_WINDOW_MARGIN_MS);
      }
      throw mapped;
    } finally {
      clearTimeout(timer);
    }
  }

  private toExchangeError(error: unknown): ExchangeError {
    if (error instanceof ExchangeError) return error;
    const e = error as {
      code?: unknown;
      message?: string;
      response?: { status: number; headers?: { get(name: string): string | null } };
      responseText?: string;
    };
    if (typeof e.code === 'number') return exchangeErrorFromBinance(e.code, e.message ?? '', inferredStatus(e.code));
    if (e.response?.status) {
      const retryAfter = Number(e.response.headers?.get('retry-after'));
      return exchangeErrorFromHttp(
        e.response.status,
        e.responseText ?? '',
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
      );
    }
    return exchangeNetworkError(e.message ?? String(error));
  }

  private async tolerateNoOp(call: Promise<unknown>): Promise<void> {
    try {
      await call;
    } catch (error) {
      if (error instanceof ExchangeError && error.kind === 'no-op') return;
      throw error;
    }
  }
}
