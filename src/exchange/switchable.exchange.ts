/**
 * The EXCHANGE the rest of the service holds: it forwards every call to the
 * adapter in use, which the credentials endpoint can replace at run time
 * (new keys, testnet ↔ live) with no restart. A call already in flight
 * finishes on the adapter it started on. Inside one account's run of a bot
 * alert (account-context.ts) every call goes to that account's adapter.
 */
import Decimal from 'decimal.js';
import { currentAccountExchange } from './account-context';
import type { ManagedExchange } from './exchange.factory';
import type { ExchangeVenue } from './exchange-venue';
import type { AccountHistoryPort } from './account-history.port';
import { ConditionalOrderRequest, ExchangePort, KlineInterval, OrderRequest, PositionMode } from './exchange.port';
import { MarginType } from '../common/margin-types';

export type ExchangeSource = 'environment' | 'stored';

export class SwitchableExchange implements ExchangePort, AccountHistoryPort {
  private active: ManagedExchange;
  private activeSource: ExchangeSource = 'environment';
  private readonly switchListeners = new Set<(next: ManagedExchange) => void>();

  constructor(initial: ManagedExchange) {
    this.active = initial;
  }

  get current(): ManagedExchange {
    return this.active;
  }

  get source(): ExchangeSource {
    return this.activeSource;
  }

  get kind(): 'binance' | 'paper' {
    return currentAccountExchange()?.kind ?? this.active.kind;
  }

  get venue(): ExchangeVenue {
    return currentAccountExchange()?.venue ?? this.active.venue;
  }

  /** Switches to an adapter that is already started; the previous one is stopped. */
  use(next: ManagedExchange, source: ExchangeSource): void {
    const previous = this.active;
    this.active = next;
    this.activeSource = source;
    if (previous !== next) {
      previous.stop();
      for (const listener of this.switchListeners) listener(next);
    }
  }

  /** Called with the new adapter after each switch (the account stream follows it); answers the unsubscribe. */
  onSwitch(listener: (next: ManagedExchange) => void): () => void {
    this.switchListeners.add(listener);
    return () => this.switchListeners.delete(listener);
  }

  /** The adapter calls go to: the account being traded now (account-context.ts), else the default account's. */
  private get target(): ExchangePort {
    return currentAccountExchange() ?? this.active;
  }

  symbolRules = (symbol: string) => this.target.symbolRules(symbol);
  allSymbolRules = () => this.target.allSymbolRules();
  usdtBalance = () => this.target.usdtBalance();
  price = (symbol: string, entryHint?: Decimal) => this.target.price(symbol, entryHint);
  klines = (symbol: string, interval: KlineInterval, limit: number) => this.target.klines(symbol, interval, limit);
  positions = (symbol: string) => this.target.positions(symbol);
  allPositions = () => this.target.allPositions();
  allSymbolPositions = () => this.target.allSymbolPositions();
  positionMode = () => this.target.positionMode();
  multiAssetsMode = () => this.target.multiAssetsMode();
  leverageBrackets = (symbol: string) => this.target.leverageBrackets(symbol);
  setPositionMode = (mode: PositionMode) => this.target.setPositionMode(mode);
  setLeverage = (symbol: string, leverage: number) => this.target.setLeverage(symbol, leverage);
  setMarginType = (symbol: string, marginType: MarginType) => this.target.setMarginType(symbol, marginType);
  placeOrder = (order: OrderRequest) => this.target.placeOrder(order);
  placeBatchOrders = (orders: OrderRequest[]) => this.target.placeBatchOrders(orders);
  openOrders = (symbol: string) => this.target.openOrders(symbol);
  allOpenOrders = () => this.target.allOpenOrders();
  cancelAllOpenOrders = (symbol: string) => this.target.cancelAllOpenOrders(symbol);
  placeConditionalOrder = (order: ConditionalOrderRequest) => this.target.placeConditionalOrder(order);
  openConditionalOrders = (symbol: string) => this.target.openConditionalOrders(symbol);
  allOpenConditionalOrders = () => this.target.allOpenConditionalOrders();
  cancelAllConditionalOrders = (symbol: string) => this.target.cancelAllConditionalOrders(symbol);
  cancelConditionalOrder = (symbol: string, algoId: string) => this.target.cancelConditionalOrder(symbol, algoId);
  findConditionalOrder = (symbol: string, clientAlgoId: string) =>
    this.target.findConditionalOrder(symbol, clientAlgoId);
  findOrder = (symbol: string, clientOrderId: string) => this.target.findOrder(symbol, clientOrderId);
  /** The stream's and history's account: the adapter in use (the environment's or the stored credentials'). */
  get accountId(): string {
    return this.active.accountId;
  }
  tradeHistory = (symbol: string, startTime: number, endTime: number) =>
    this.active.tradeHistory(symbol, startTime, endTime);
  incomeHistory = (startTime: number, endTime: number) => this.active.incomeHistory(startTime, endTime);
  serverTime = () => this.target.serverTime();
}
