/**
 * The EXCHANGE the rest of the service holds: it forwards every call to the
 * adapter in use, which the credentials endpoint can replace at run time
 * (new keys, testnet ↔ live) with no restart. A call already in flight
 * finishes on the adapter it started on.
 */
import Decimal from 'decimal.js';
import type { ManagedExchange } from './exchange.factory';
import type { ExchangeVenue } from './exchange-venue';
import { ConditionalOrderRequest, ExchangePort, KlineInterval, OrderRequest, PositionMode } from './exchange.port';
import { MarginType } from '../common/margin-types';

export type ExchangeSource = 'environment' | 'stored';

export class SwitchableExchange implements ExchangePort {
  private active: ManagedExchange;
  private activeSource: ExchangeSource = 'environment';

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
    return this.active.kind;
  }

  get venue(): ExchangeVenue {
    return this.active.venue;
  }

  /** Switches to an adapter that is already started; the previous one is stopped. */
  use(next: ManagedExchange, source: ExchangeSource): void {
    const previous = this.active;
    this.active = next;
    this.activeSource = source;
    if (previous !== next) previous.stop();
  }

  symbolRules = (symbol: string) => this.active.symbolRules(symbol);
  allSymbolRules = () => this.active.allSymbolRules();
  usdtBalance = () => this.active.usdtBalance();
  price = (symbol: string, entryHint?: Decimal) => this.active.price(symbol, entryHint);
  klines = (symbol: string, interval: KlineInterval, limit: number) => this.active.klines(symbol, interval, limit);
  positions = (symbol: string) => this.active.positions(symbol);
  allPositions = () => this.active.allPositions();
  positionMode = () => this.active.positionMode();
  multiAssetsMode = () => this.active.multiAssetsMode();
  leverageBrackets = (symbol: string) => this.active.leverageBrackets(symbol);
  setPositionMode = (mode: PositionMode) => this.active.setPositionMode(mode);
  setLeverage = (symbol: string, leverage: number) => this.active.setLeverage(symbol, leverage);
  setMarginType = (symbol: string, marginType: MarginType) => this.active.setMarginType(symbol, marginType);
  placeOrder = (order: OrderRequest) => this.active.placeOrder(order);
  placeBatchOrders = (orders: OrderRequest[]) => this.active.placeBatchOrders(orders);
  openOrders = (symbol: string) => this.active.openOrders(symbol);
  cancelAllOpenOrders = (symbol: string) => this.active.cancelAllOpenOrders(symbol);
  placeConditionalOrder = (order: ConditionalOrderRequest) => this.active.placeConditionalOrder(order);
  openConditionalOrders = (symbol: string) => this.active.openConditionalOrders(symbol);
  cancelAllConditionalOrders = (symbol: string) => this.active.cancelAllConditionalOrders(symbol);
  cancelConditionalOrder = (symbol: string, algoId: string) => this.active.cancelConditionalOrder(symbol, algoId);
  findConditionalOrder = (symbol: string, clientAlgoId: string) =>
    this.active.findConditionalOrder(symbol, clientAlgoId);
  findOrder = (symbol: string, clientOrderId: string) => this.active.findOrder(symbol, clientOrderId);
  serverTime = () => this.active.serverTime();
}
