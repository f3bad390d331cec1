/**
 * Binance's Algo Order service, simulated: since 2025-12 conditional orders
 * (STOP, STOP_MARKET, TAKE_PROFIT, TAKE_PROFIT_MARKET, TRAILING_STOP_MARKET)
 * live apart from regular orders (POST/GET/DELETE /fapi/v1/algoOrder,
 * GET /fapi/v1/openAlgoOrders, DELETE /fapi/v1/algoOpenOrders) and are not
 * listed by GET /fapi/v1/openOrders. When the price crosses an order's trigger
 * it places its order on the account (MARKET for the *_MARKET types, LIMIT for
 * STOP/TAKE_PROFIT), honouring reduce-only and closePosition.
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api/New-Algo-Order
 */
import Decimal from 'decimal.js';
import { BinanceRejection, reject } from './binance-rejection';
import type { CatalogueSymbol } from './market-catalogue';
import type { OrderSide, PositionSide } from '../../common/order-sides';
import { validQuantity } from './position-math';

export const CONDITIONAL_TYPES = [
  'STOP',
  'STOP_MARKET',
  'TAKE_PROFIT',
  'TAKE_PROFIT_MARKET',
  'TRAILING_STOP_MARKET',
] as const;
export type ConditionalType = (typeof CONDITIONAL_TYPES)[number];

/** NEW until triggered; FINISHED once its order filled; REJECTED when the matching engine refused it. */
export type AlgoStatus = 'NEW' | 'CANCELED' | 'TRIGGERING' | 'TRIGGERED' | 'FINISHED' | 'REJECTED' | 'EXPIRED';

export interface AlgoOrder {
  algoId: number;
  clientAlgoId: string;
  symbol: string;
  side: OrderSide;
  positionSide: PositionSide;
  orderType: ConditionalType;
  timeInForce: string;
  /** Zero with closePosition. */
  quantity: Decimal;
  triggerPrice: Decimal;
  /** The limit price of STOP / TAKE_PROFIT; zero otherwise. */
  price: Decimal;
  workingType: 'MARK_PRICE' | 'CONTRACT_PRICE';
  closePosition: boolean;
  reduceOnly: boolean;
  priceProtect: boolean;
  /** TRAILING_STOP_MARKET: activation price and callback rate (percent). */
  activatePrice?: Decimal;
  callbackRate?: Decimal;
  /** TRAILING_STOP_MARKET: highest (SELL) or lowest (BUY) price seen since placement. */
  extreme?: Decimal;
  algoStatus: AlgoStatus;
  actualOrderId: string;
  actualPrice: Decimal;
  /** Why the triggered order was refused (Binance's ALGO_UPDATE "rm"). */
  rejectReason?: string;
  createTime: number;
  updateTime: number;
  triggerTime: number;
}

/** What the book needs of the account it belongs to. */
export interface AlgoAccount {
  now(): number;
  dualSidePosition: boolean;
  catalogue(symbol: string): CatalogueSymbol;
  priceOf(symbol: string): Decimal;
  /** Signed position amount on that side (0 when flat). */
  positionAmount(symbol: string, positionSide: PositionSide): Decimal;
  /** Places a regular order; answers its order id and average price, or throws a BinanceRejection. */
  placeTriggered(params: Record<string, string>): {
    orderId: number;
    avgPrice: Decimal;
    status: string;
    executedQty: Decimal;
  };
  /** Each change of an order's status, for the ALGO_UPDATE stream event. */
  algoChanged?(order: AlgoOrder, executedQty?: Decimal): void;
  /** Runs `fn` holding back the stream events it makes; answers its result and their release. */
  deferEvents?<T>(fn: () => T): [T, () => void];
}

const CLIENT_ID = /^[.A-Z:/a-z0-9_-]{1,36}$/;
/** exchangeInfo's MAX_NUM_ALGO_ORDERS filter. */
const MAX_OPEN_ALGO_ORDERS_PER_SYMBOL = 10;

type Params = Record<string, string | undefined>;

export class AlgoOrderBook {
  readonly orders = new Map<number, AlgoOrder>();
  nextAlgoId = 1_000_000_022_700_000;

  constructor(private readonly account: AlgoAccount) {}

  clear(): void {
    this.orders.clear();
  }

  place(params: Params): AlgoOrder {
    const a = this.account;
    if (params.algoType !== 'CONDITIONAL') throw reject.mandatory('algoType');
    const s = a.catalogue(required(params, 'symbol'));
    const side = required(params, 'side') as OrderSide;
    if (side !== 'BUY' && side !== 'SELL') throw reject.invalidSide();
    const orderType = required(params, 'type') as ConditionalType;
    if (!CONDITIONAL_TYPES.includes(orderType)) throw reject.invalidType();
    const positionSide = (params.positionSide ?? 'BOTH') as PositionSide;
    if (!['BOTH', 'LONG', 'SHORT'].includes(positionSide)) throw reject.mandatory('positionSide');
    if (a.dualSidePosition === (positionSide === 'BOTH')) throw reject.positionSide();
    if (params.reduceOnly !== undefined && a.dualSidePosition) throw reject.notRequired('reduceonly');

    const closePosition = params.closePosition === 'true';
    if (closePosition) {
      // closePosition: STOP_MARKET / TAKE_PROFIT_MARKET only, never with quantity or reduceOnly, and in
      // hedge mode never BUY on LONG nor SELL on SHORT (that would open, not close).
      if (orderType !== 'STOP_MARKET' && orderType !== 'TAKE_PROFIT_MARKET') throw reject.notRequired('closePosition');
      if (params.quantity !== undefined) throw reject.notRequired('quantity');
      if (params.reduceOnly !== undefined) throw reject.notRequired('reduceOnly');
      if ((side === 'BUY' && positionSide === 'LONG') || (side === 'SELL' && positionSide === 'SHORT'))
        throw reject.notRequired('closePosition');
    }
    const limit = orderType === 'STOP' || orderType === 'TAKE_PROFIT';
    const quantity = closePosition
      ? new Decimal(0)
      : validQuantity(s, required(params, 'quantity'), limit ? 'LIMIT' : 'MARKET');
    const price = limit ? this.tickPrice(s, required(params, 'price'), 'price') : new Decimal(0);
    const workingType = (params.workingType ?? 'CONTRACT_PRICE') as AlgoOrder['workingType'];
    if (workingType !== 'MARK_PRICE' && workingType !== 'CONTRACT_PRICE') throw reject.mandatory('workingType');
    const timeInForce = params.timeInForce ?? 'GTC';
    if (!['GTC', 'IOC', 'FOK', 'GTX', 'GTD'].includes(timeInForce)) throw reject.invalidTimeInForce();

    const latest = a.priceOf(s.symbol);
    let triggerPrice = new Decimal(0);
    let activatePrice: Decimal | undefined;
    let callbackRate: Decimal | undefined;
    if (orderType === 'TRAILING_STOP_MARKET') {
      callbackRate = decimalParam(params, 'callbackRate');
      if (callbackRate.lt('0.1') || callbackRate.gt(10)) throw reject.callbackRate();
      if (params.activatePrice !== undefined) {
        activatePrice = this.tickPrice(s, params.activatePrice, 'activatePrice');
        // BUY: activatePrice below the latest price; SELL: above it (-2021 otherwise).
        if (side === 'BUY' ? activatePrice.gte(latest) : activatePrice.lte(latest)) throw reject.wouldTrigger();
      } else {
        activatePrice = latest;
      }
    } else {
      triggerPrice = this.tickPrice(s, required(params, 'triggerPrice'), 'triggerPrice');
      if (triggers(orderType, side, latest, triggerPrice)) throw reject.wouldTrigger();
    }

    const clientAlgoId = params.clientAlgoId ?? `algo_${this.nextAlgoId}`;
    if (!CLIENT_ID.test(clientAlgoId)) throw reject.illegalChars('clientAlgoId', '^[\\.A-Z\\:/a-z0-9_-]{1,36}$');
    // "A unique id among open orders."
    if (this.open().some((o) => o.clientAlgoId === clientAlgoId)) throw reject.duplicateClientId();
    if (closePosition && this.closeAllInDirection(s.symbol, side, positionSide, orderType)) {
      throw reject.closePositionExists();
    }
    if (this.open(s.symbol).length >= MAX_OPEN_ALGO_ORDERS_PER_SYMBOL) throw reject.maxAlgoOrders();

    const now = a.now();
    const order: AlgoOrder = {
      algoId: this.nextAlgoId++,
      clientAlgoId,
      symbol: s.symbol,
      side,
      positionSide,
      orderType,
      timeInForce,
      quantity,
      triggerPrice,
      price,
      workingType,
      closePosition,
      reduceOnly: params.reduceOnly === 'true',
      priceProtect: (params.priceProtect ?? '').toUpperCase() === 'TRUE',
      activatePrice,
      callbackRate,
      extreme: orderType === 'TRAILING_STOP_MARKET' ? latest : undefined,
      algoStatus: 'NEW',
      actualOrderId: '',
      actualPrice: new Decimal(0),
      createTime: now,
      updateTime: now,
      triggerTime: 0,
    };
    this.orders.set(order.algoId, order);
    this.account.algoChanged?.(order);
    return order;
  }

  find(params: Params): AlgoOrder | undefined {
    const algoId = params.algoId ?? params.algoid;
    const clientAlgoId = params.clientAlgoId ?? params.clientalgoid;
    if (algoId === undefined && clientAlgoId === undefined) throw reject.mandatory('algoId');
    if (algoId !== undefined) return this.orders.get(Number(algoId));
    // The open order with that id first, else the latest one that had it.
    const matches = [...this.orders.values()].filter((o) => o.clientAlgoId === clientAlgoId);
    return matches.find((o) => o.algoStatus === 'NEW') ?? matches.at(-1);
  }

  cancel(params: Params): AlgoOrder {
    const order = this.find(params);
    if (!order || order.algoStatus !== 'NEW') throw reject.unknownOrderCancel();
    order.algoStatus = 'CANCELED';
    order.updateTime = this.account.now();
    this.account.algoChanged?.(order);
    return order;
  }

  cancelAll(symbol: string): AlgoOrder[] {
    const cancelled = this.open(symbol);
    for (const order of cancelled) {
      order.algoStatus = 'CANCELED';
      order.updateTime = this.account.now();
      this.account.algoChanged?.(order);
    }
    return cancelled;
  }

  /**
   * Binance keeps at most one close-all (closePosition) order per direction of a position: -4130 "An open stop
   * or take profit order with GTE and closePosition in the direction is existing"
   * (https://developers.binance.com/docs/derivatives/usds-margined-futures/error-code). The direction is where
   * the trigger lies: a long's close-all STOP_MARKET (SELL, below the price) and its close-all
   * TAKE_PROFIT_MARKET (SELL, above it) may rest together, as the app's position TP/SL does; a second close-all
   * stop on the same side and position side is refused, until the first is cancelled, triggered or expired.
   */
  private closeAllInDirection(
    symbol: string,
    side: OrderSide,
    positionSide: PositionSide,
    type: ConditionalType,
  ): boolean {
    return this.open(symbol).some(
      (o) => o.closePosition && o.side === side && o.positionSide === positionSide && o.orderType === type,
    );
  }

  open(symbol?: string): AlgoOrder[] {
    return [...this.orders.values()].filter((o) => o.algoStatus === 'NEW' && (!symbol || o.symbol === symbol));
  }

  /**
   * The price of `symbol` moved: every open order whose condition now holds
   * places its order, oldest first. The simulated account has one price, so
   * MARK_PRICE and CONTRACT_PRICE trigger alike. Answers the orders triggered.
   */
  onPrice(symbol: string): AlgoOrder[] {
    const latest = this.account.priceOf(symbol);
    const fired: AlgoOrder[] = [];
    for (const order of this.open(symbol)) {
      if (!this.conditionHolds(order, latest)) continue;
      this.trigger(order, latest);
      fired.push(order);
    }
    return fired;
  }

  private conditionHolds(order: AlgoOrder, latest: Decimal): boolean {
    if (order.orderType !== 'TRAILING_STOP_MARKET')
      return triggers(order.orderType, order.side, latest, order.triggerPrice);
    // SELL: the highest price since placement reached activatePrice, and the latest is callbackRate below it.
    // BUY: the lowest price since placement reached activatePrice, and the latest is callbackRate above it.
    const rate = order.callbackRate!.div(100);
    if (order.side === 'SELL') {
      order.extreme = Decimal.max(order.extreme!, latest);
      return order.extreme.gte(order.activatePrice!) && latest.lte(order.extreme.mul(new Decimal(1).sub(rate)));
    }
    order.extreme = Decimal.min(order.extreme!, latest);
    return order.extreme.lte(order.activatePrice!) && latest.gte(order.extreme.mul(new Decimal(1).add(rate)));
  }

  private trigger(order: AlgoOrder, latest: Decimal): void {
    const now = this.account.now();
    order.triggerTime = now;
    order.updateTime = now;
    const params: Record<string, string> = {
      symbol: order.symbol,
      side: order.side,
      positionSide: order.positionSide,
      newOrderRespType: 'RESULT',
    };
    const limit = order.orderType === 'STOP' || order.orderType === 'TAKE_PROFIT';
    params.type = limit ? 'LIMIT' : 'MARKET';
    if (limit) {
      params.price = order.price.toFixed();
      params.timeInForce = order.timeInForce;
    }
    if (order.closePosition) {
      // Close-All: the whole long (SELL) or short (BUY) held when it triggers.
      const held = this.account.positionAmount(order.symbol, order.positionSide);
      const closable = order.side === 'SELL' ? held.gt(0) : held.lt(0);
      if (!closable) return this.refuse(order, 'No position to close');
      params.quantity = held.abs().toFixed();
      if (order.positionSide === 'BOTH') params.reduceOnly = 'true';
    } else {
      params.quantity = order.quantity.toFixed();
      if (order.reduceOnly) params.reduceOnly = 'true';
    }
    // TRIGGERING: forwarded to the matching engine; TRIGGERED once placed there; FINISHED once filled.
    order.algoStatus = 'TRIGGERING';
    this.account.algoChanged?.(order);
    try {
      // The order reaches the matching engine (TRIGGERED, naming it) before its own events are reported.
      const place = () => this.account.placeTriggered(params);
      const [placed, release] = this.account.deferEvents?.(place) ?? [place(), () => undefined];
      order.actualOrderId = String(placed.orderId);
      order.actualPrice = placed.avgPrice.isZero() ? latest : placed.avgPrice;
      order.algoStatus = 'TRIGGERED';
      this.account.algoChanged?.(order);
      release();
      if (placed.status === 'FILLED') {
        order.algoStatus = 'FINISHED';
        this.account.algoChanged?.(order, placed.executedQty);
      }
    } catch (error) {
      if (!(error instanceof BinanceRejection)) throw error;
      this.refuse(order, error.msg);
    }
  }

  private refuse(order: AlgoOrder, reason: string): void {
    order.algoStatus = 'REJECTED';
    order.rejectReason = reason;
    this.account.algoChanged?.(order);
  }

  private tickPrice(s: CatalogueSymbol, raw: string, name: string): Decimal {
    if (!/^\d+(\.\d+)?$/.test(raw)) throw reject.mandatory(name);
    const price = new Decimal(raw);
    if (price.lte(0)) throw reject.mandatory(name);
    if (!price.sub(s.minPrice).mod(s.tickSize).isZero()) throw reject.priceTick();
    return price;
  }
}

/**
 * Binance's trigger conditions: STOP / STOP_MARKET: BUY when latest ≥ trigger,
 * SELL when latest ≤ trigger; TAKE_PROFIT / TAKE_PROFIT_MARKET: BUY when
 * latest ≤ trigger, SELL when latest ≥ trigger.
 */
export function triggers(type: ConditionalType, side: OrderSide, latest: Decimal, triggerPrice: Decimal): boolean {
  const stop = type === 'STOP' || type === 'STOP_MARKET';
  const upward = stop === (side === 'BUY');
  return upward ? latest.gte(triggerPrice) : latest.lte(triggerPrice);
}

function required(params: Params, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') throw reject.mandatory(name);
  return value;
}

function decimalParam(params: Params, name: string): Decimal {
  const raw = required(params, name);
  if (!/^\d+(\.\d+)?$/.test(raw)) throw reject.mandatory(name);
  return new Decimal(raw);
}
