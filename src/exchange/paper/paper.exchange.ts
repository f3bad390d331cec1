/**
 * Paper trading: the exchange port on the in-process simulated futures
 * account. Orders fill at Binance's public price when that can be reached,
 * otherwise at the signal's entry price (or the last simulated price); each
 * quote says which. The account lives in Postgres between restarts.
 */
import Decimal from 'decimal.js';
import { exchangeErrorFromBinance } from '../exchange-error';
import { PAPER_VENUE } from '../exchange-venue';
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
} from '../binance/binance-mappers';
import { SymbolRules } from '../symbol-rules';
import { SymbolRulesCache } from '../symbol-rules.cache';
import {
  AccountHistoryPort,
  allIncome,
  allTrades,
  HISTORY_PAGE_LIMIT,
  IncomeRecord,
  TradeRecord,
} from '../account-history.port';
import { BinanceRejection } from './binance-rejection';
import { restoreEngine, snapshotEngine } from './engine-state';
import { FuturesEngine } from './futures-engine';
import { PaperAccountStore } from './paper-account.store';
import { MarketPriceSource } from './paper-market-data';

export class PaperExchange implements ExchangePort, AccountHistoryPort {
  readonly kind = 'paper' as const;
  readonly venue = PAPER_VENUE;
  readonly accountId = 'paper';
  readonly rules: SymbolRulesCache;

  constructor(
    readonly engine: FuturesEngine,
    private readonly store: PaperAccountStore,
    private readonly market: MarketPriceSource,
    symbolRulesRefreshMs = 3_600_000,
  ) {
    this.rules = new SymbolRulesCache(async () => toSymbolRulesList(engine.exchangeInfo()), symbolRulesRefreshMs);
  }

  async start(): Promise<void> {
    const saved = await this.store.load();
    if (saved) restoreEngine(this.engine, saved);
    await this.rules.start();
  }

  stop(): void {
    this.rules.stop();
  }

  symbolRules(symbol: string): Promise<SymbolRules | undefined> {
    return this.rules.get(symbol);
  }

  allSymbolRules(): Promise<SymbolRules[]> {
    return this.rules.all();
  }

  /** The simulated account's trades and income, in Binance's shapes and paging. */
  tradeHistory(symbol: string, startTime: number, endTime: number): Promise<TradeRecord[]> {
    const s = this.run(() => this.engine.catalogue(symbol));
    const page = (from: number, to: number) =>
      Promise.resolve(
        this.engine.history.userTrades(s, {
          startTime: String(from),
          endTime: String(to),
          limit: String(HISTORY_PAGE_LIMIT),
        }) as Array<Record<string, unknown>>,
      );
    return allTrades(page, startTime, endTime);
  }

  incomeHistory(startTime: number, endTime: number): Promise<IncomeRecord[]> {
    const params = { startTime: String(startTime), endTime: String(endTime), limit: String(HISTORY_PAGE_LIMIT) };
    const page = (n: number) =>
      Promise.resolve(this.engine.history.income({ ...params, page: String(n) }) as Array<Record<string, unknown>>);
    return allIncome(page);
  }

  async usdtBalance(): Promise<UsdtBalance> {
    return toUsdtBalance(this.run(() => this.engine.balance()));
  }

  async price(symbol: string, entryHint?: Decimal): Promise<PriceQuote> {
    this.run(() => this.engine.catalogue(symbol));
    const market = await this.market.price(symbol);
    if (market) {
      await this.movePrice(symbol, market);
      return { symbol, price: market, source: 'binance-public' };
    }
    if (entryHint && entryHint.gt(0)) {
      await this.movePrice(symbol, entryHint);
      return { symbol, price: entryHint, source: 'signal-entry' };
    }
    return { symbol, price: this.engine.priceOf(symbol), source: 'paper-last' };
  }

  async positions(symbol: string): Promise<SymbolPositions> {
    return toSymbolPositions(
      symbol,
      this.run(() => this.engine.positionRisk(symbol)),
    );
  }

  async allPositions(): Promise<OpenPosition[]> {
    return toAllPositions(this.run(() => this.engine.positionRisk()));
  }

  async allSymbolPositions(): Promise<SymbolPositions[]> {
    return toAllSymbolPositions(this.run(() => this.engine.positionRisk()));
  }

  async positionMode(): Promise<PositionMode> {
    return this.engine.dualSidePosition ? 'hedge' : 'one-way';
  }

  async setPositionMode(mode: PositionMode): Promise<void> {
    await this.mutate(() => this.engine.setPositionMode({ dualSidePosition: String(mode === 'hedge') }), true);
  }

  async multiAssetsMode(): Promise<boolean> {
    return this.engine.multiAssetsMargin;
  }

  async leverageBrackets(symbol: string): Promise<SymbolBrackets | undefined> {
    const all = toSymbolBracketsList(this.run(() => this.engine.leverageBracket()));
    return all.find((b) => b.symbol === symbol);
  }

  async setLeverage(symbol: string, leverage: number): Promise<LeverageResult> {
    return toLeverageResult(await this.mutate(() => this.engine.setLeverage({ symbol, leverage: String(leverage) })));
  }

  async setMarginType(symbol: string, marginType: MarginType): Promise<void> {
    await this.mutate(() => this.engine.setMarginType({ symbol, marginType }), true);
  }

  async placeOrder(order: OrderRequest): Promise<OrderResult> {
    return toOrderResult(await this.mutate(() => this.engine.newOrder(orderParams(order))));
  }

  async placeBatchOrders(orders: OrderRequest[]): Promise<Array<OrderResult | Error>> {
    return toBatchResults(
      await this.mutate(() => this.engine.batchOrders({ batchOrders: JSON.stringify(orders.map(orderParams)) })),
    );
  }

  async openOrders(symbol: string): Promise<OpenOrder[]> {
    return this.run(() => this.engine.openOrders({ symbol })).map(toOpenOrder);
  }

  async allOpenOrders(): Promise<OpenOrder[]> {
    return this.run(() => this.engine.openOrders({})).map(toOpenOrder);
  }

  async cancelAllOpenOrders(symbol: string): Promise<void> {
    await this.mutate(() => this.engine.cancelAllOpenOrders({ symbol }));
  }

  async placeConditionalOrder(order: ConditionalOrderRequest): Promise<ConditionalOrder> {
    return toConditionalOrder(await this.mutate(() => this.engine.newAlgoOrder(conditionalOrderParams(order))));
  }

  async openConditionalOrders(symbol: string): Promise<ConditionalOrder[]> {
    return this.run(() => this.engine.openAlgoOrders({ symbol })).map(toConditionalOrder);
  }

  async allOpenConditionalOrders(): Promise<ConditionalOrder[]> {
    return this.run(() => this.engine.openAlgoOrders({})).map(toConditionalOrder);
  }

  async cancelAllConditionalOrders(symbol: string): Promise<void> {
    await this.mutate(() => this.engine.cancelAllAlgoOpenOrders({ symbol }));
  }

  async cancelConditionalOrder(symbol: string, algoId: string): Promise<void> {
    await this.mutate(() => this.engine.cancelAlgoOrder({ symbol, algoId }));
  }

  async findConditionalOrder(symbol: string, clientAlgoId: string): Promise<ConditionalOrder | undefined> {
    const order = this.run(() => this.engine.algo.find({ symbol, clientAlgoId }));
    return order ? toConditionalOrder(this.engine.queryAlgoOrder({ symbol, algoId: String(order.algoId) })) : undefined;
  }

  async findOrder(symbol: string, clientOrderId: string): Promise<OrderResult | undefined> {
    const order = this.run(() => this.engine.findOrder(symbol, undefined, clientOrderId));
    return order ? toOrderResult(this.engine.queryOrder({ symbol, origClientOrderId: clientOrderId })) : undefined;
  }

  async serverTime(): Promise<number> {
    return this.engine.now();
  }

  async klines(symbol: string, interval: KlineInterval, limit: number): Promise<Kline[]> {
    return toKlines(this.run(() => this.engine.klines({ symbol, interval, limit: String(limit) })));
  }

  /** A new paper price: conditional orders it triggers place their orders, and the account is saved. */
  private async movePrice(symbol: string, price: Decimal): Promise<void> {
    const triggered = this.engine.setPrice(symbol, price);
    if (triggered.length) await this.store.save(snapshotEngine(this.engine));
  }

  /** Runs an engine call, turning its Binance rejections into the port's ExchangeError. */
  private run<T>(fn: () => T, tolerateNoOp = false): T {
    try {
      return fn();
    } catch (error) {
      if (error instanceof BinanceRejection) {
        const mapped = exchangeErrorFromBinance(error.code, error.msg, error.httpStatus).onPaper();
        if (tolerateNoOp && mapped.kind === 'no-op') return undefined as T;
        throw mapped;
      }
      throw error;
    }
  }

  /** A state-changing call: persisted before it is reported as done. */
  private async mutate<T>(fn: () => T, tolerateNoOp = false): Promise<T> {
    const result = this.run(fn, tolerateNoOp);
    await this.store.save(snapshotEngine(this.engine));
    return result;
  }
}
