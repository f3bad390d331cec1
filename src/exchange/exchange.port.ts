/**
 * The exchange port: everything the trading and positions modules may ask of
 * an exchange. Two adapters implement it (Binance over binance-api-node, and
 * the in-process paper engine); callers never know which one they hold.
 * All amounts are exact decimals.
 */
import Decimal from 'decimal.js';
import type { MarginType } from '../common/margin-types';
import type { OrderSide, PositionSide } from '../common/order-sides';
import type { ExchangeVenue } from './exchange-venue';
import { SymbolRules } from './symbol-rules';

export const EXCHANGE = Symbol('EXCHANGE');

export { ORDER_SIDES } from '../common/order-sides';
export type { OrderSide, PositionSide };
/** The direction a position holds, whatever the position mode. */
export type PositionDirection = 'LONG' | 'SHORT';
export type PositionMode = 'one-way' | 'hedge';

export interface UsdtBalance {
  wallet: Decimal;
  available: Decimal;
}

/**
 * Where a price came from; reported to the trader with the trade. `mark-price`:
 * the exchange's mark price as its stream last pushed it (no request made).
 */
export type PriceSource = 'exchange' | 'mark-price' | 'binance-public' | 'signal-entry' | 'paper-last';

export interface PriceQuote {
  symbol: string;
  price: Decimal;
  source: PriceSource;
}

export interface OpenPosition {
  symbol: string;
  /** The direction held: a one-way position is LONG or SHORT by its sign. */
  direction: PositionDirection;
  positionSide: PositionSide;
  /** Always positive. */
  quantity: Decimal;
  entryPrice: Decimal;
  markPrice: Decimal;
  unrealizedPnl: Decimal;
}

/** A symbol's positions plus its leverage and margin type (as position risk reports them). */
export interface SymbolPositions {
  symbol: string;
  leverage: number;
  marginType: MarginType;
  positions: OpenPosition[];
  /** The account's position mode as position risk shows it (BOTH rows: one-way; LONG/SHORT rows: hedge). */
  mode?: PositionMode;
}

export interface OrderRequest {
  symbol: string;
  side: OrderSide;
  positionSide: PositionSide;
  type: 'MARKET' | 'LIMIT';
  quantity: Decimal;
  /** LIMIT only. */
  price?: Decimal;
  /** One-way mode only; hedge mode closes by position side instead. */
  reduceOnly?: boolean;
  clientOrderId: string;
}

export type OrderStatus =
  'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED' | 'REJECTED' | 'EXPIRED_IN_MATCH';

export interface OrderResult {
  symbol: string;
  orderId: string;
  clientOrderId: string;
  status: OrderStatus;
  side: OrderSide;
  positionSide: PositionSide;
  type: string;
  origQty: Decimal;
  executedQty: Decimal;
  avgPrice: Decimal;
  cumQuote: Decimal;
  reduceOnly: boolean;
  updateTime: number;
  /** The exchange's own answer, kept for the record. */
  raw: unknown;
}

export interface OpenOrder {
  orderId: string;
  clientOrderId: string;
  symbol: string;
  side: OrderSide;
  positionSide: PositionSide;
  type: string;
  origQty: Decimal;
  price: Decimal;
}

/** The order types Binance keeps in its Algo Order service (not listed by openOrders). */
export type ConditionalOrderType =
  'STOP' | 'STOP_MARKET' | 'TAKE_PROFIT' | 'TAKE_PROFIT_MARKET' | 'TRAILING_STOP_MARKET';

/** A conditional order: it waits in the exchange until the price crosses its trigger. */
export interface ConditionalOrderRequest {
  symbol: string;
  side: OrderSide;
  positionSide: PositionSide;
  type: ConditionalOrderType;
  /** Absent with closePosition (which closes the whole side when triggered). */
  quantity?: Decimal;
  closePosition?: boolean;
  /** One-way mode only. */
  reduceOnly?: boolean;
  /** Every type but TRAILING_STOP_MARKET. */
  triggerPrice?: Decimal;
  /** The limit price of STOP and TAKE_PROFIT. */
  price?: Decimal;
  workingType?: 'MARK_PRICE' | 'CONTRACT_PRICE';
  /** TRAILING_STOP_MARKET: percent (0.1–10) and optional activation price. */
  callbackRate?: Decimal;
  activatePrice?: Decimal;
  clientAlgoId: string;
}

export interface ConditionalOrder {
  algoId: string;
  clientAlgoId: string;
  symbol: string;
  side: OrderSide;
  positionSide: PositionSide;
  type: string;
  /** NEW while waiting for its trigger. */
  status: string;
  quantity: Decimal;
  triggerPrice: Decimal;
  closePosition: boolean;
  reduceOnly: boolean;
  /** What re-placing it takes (a partial exit resizes quantity-based ones): limit price, trigger source, trailing. */
  price?: Decimal;
  workingType?: 'MARK_PRICE' | 'CONTRACT_PRICE';
  callbackRate?: Decimal;
  activatePrice?: Decimal;
  /** Once triggered: the order it placed, its average price, and when (0 before). */
  actualOrderId?: string;
  actualPrice?: Decimal;
  triggerTime?: number;
  updateTime?: number;
  /** The exchange's own answer, kept for the record. */
  raw: unknown;
}

export interface LeverageResult {
  symbol: string;
  leverage: number;
  maxNotionalValue: Decimal;
}

/** One notional bracket: up to `notionalCap` USDT of position value, leverage up to `initialLeverage`. */
export interface LeverageBracket {
  initialLeverage: number;
  notionalFloor: Decimal;
  /** Infinity when Binance answers "INF". */
  notionalCap: Decimal;
}

export interface SymbolBrackets {
  symbol: string;
  brackets: LeverageBracket[];
}

/** One candle of GET /fapi/v1/klines (Binance's public market data). */
export interface Kline {
  openTime: number;
  closeTime: number;
  open: Decimal;
  high: Decimal;
  low: Decimal;
  close: Decimal;
  volume: Decimal;
}

export type KlineInterval = '1m' | '5m' | '15m' | '1h' | '4h' | '1d';

export interface ExchangePort {
  readonly kind: 'binance' | 'paper';
  /** Paper, testnet or live, and the host orders go to. */
  readonly venue: ExchangeVenue;
  /** Trading rules of every symbol, from the in-memory cache (never fetched per signal). */
  symbolRules(symbol: string): Promise<SymbolRules | undefined>;
  allSymbolRules(): Promise<SymbolRules[]>;
  usdtBalance(): Promise<UsdtBalance>;
  /** `entryHint` is the signal's entry price, used only where no market price exists (paper). */
  price(symbol: string, entryHint?: Decimal): Promise<PriceQuote>;
  positions(symbol: string): Promise<SymbolPositions>;
  /** Every open position of the account, all symbols. */
  allPositions(): Promise<OpenPosition[]>;
  /** Every symbol's positions, leverage and margin type in one read (resynchronising the account state). */
  allSymbolPositions(): Promise<SymbolPositions[]>;
  positionMode(): Promise<PositionMode>;
  setPositionMode(mode: PositionMode): Promise<void>;
  /** True in Multi-Assets mode, where Binance refuses ISOLATED margin (-4168). */
  multiAssetsMode(): Promise<boolean>;
  /** The symbol's notional brackets, from a cache refreshed like the symbol rules; undefined when unknown. */
  leverageBrackets(symbol: string): Promise<SymbolBrackets | undefined>;
  setLeverage(symbol: string, leverage: number): Promise<LeverageResult>;
  /** Resolves when the margin type is as asked, including Binance's "no need to change" (-4046). */
  setMarginType(symbol: string, marginType: MarginType): Promise<void>;
  placeOrder(order: OrderRequest): Promise<OrderResult>;
  /** Up to 5 orders in one request; each item is the order or the error that rejected it. */
  placeBatchOrders(orders: OrderRequest[]): Promise<Array<OrderResult | Error>>;
  openOrders(symbol: string): Promise<OpenOrder[]>;
  /** The open orders of every symbol in one read. */
  allOpenOrders(): Promise<OpenOrder[]>;
  cancelAllOpenOrders(symbol: string): Promise<void>;
  /** Places a conditional order in the exchange's Algo Order service. */
  placeConditionalOrder(order: ConditionalOrderRequest): Promise<ConditionalOrder>;
  /** The symbol's conditional orders still waiting for their trigger (openOrders does not list them). */
  openConditionalOrders(symbol: string): Promise<ConditionalOrder[]>;
  /** The waiting conditional orders of every symbol in one read. */
  allOpenConditionalOrders(): Promise<ConditionalOrder[]>;
  cancelAllConditionalOrders(symbol: string): Promise<void>;
  /** Cancels one conditional order (DELETE /fapi/v1/algoOrder). */
  cancelConditionalOrder(symbol: string, algoId: string): Promise<void>;
  /** A conditional order by its client algo id, whatever its status; undefined when the exchange has none. */
  findConditionalOrder(symbol: string, clientAlgoId: string): Promise<ConditionalOrder | undefined>;
  /** undefined when the exchange has no order with that client order id. */
  findOrder(symbol: string, clientOrderId: string): Promise<OrderResult | undefined>;
  serverTime(): Promise<number>;
  /** The most recent `limit` candles (Binance's public klines; the paper engine's own price path). */
  klines(symbol: string, interval: KlineInterval, limit: number): Promise<Kline[]>;
}
