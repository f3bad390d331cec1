/**
 * Read endpoints other Binance clients use, answered from the simulated
 * account in Binance's shapes: all orders, position information v3, symbol
 * configuration and an order book around the current price. Each cites the
 * Binance page it follows.
 */
import Decimal from 'decimal.js';
import { limitParam } from './account-history';
import { reject } from './binance-rejection';
import { orderJson } from './engine-json';
import { FuturesEngine, key, Params } from './futures-engine';
import { CatalogueSymbol, MARKET_CATALOGUE } from './market-catalogue';
import type { OrderSide, PositionSide } from '../../common/order-sides';

/** Maintenance margin rate of the first notional bracket (0.4% on BTCUSDT), for v3's maintMargin. */
const FIRST_BRACKET_MAINT_RATE = new Decimal('0.004');

/**
 * GET /fapi/v1/allOrders: symbol required; from orderId on when given, else the
 * most recent; limit 500 by default, at most 1000. Regular orders only (conditional
 * orders are in GET /fapi/v1/allAlgoOrders).
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api/All-Orders
 */
export function allOrders(engine: FuturesEngine, params: Params): unknown[] {
  const s = engine.catalogue(required(params, 'symbol'));
  const limit = limitParam(params, 500, 1000);
  const start = params.startTime ? Number(params.startTime) : undefined;
  const end = params.endTime ? Number(params.endTime) : undefined;
  if (start !== undefined && end !== undefined && end - start > 7 * 24 * 3_600_000) throw reject.timeWindow();
  let orders = [...engine.orders.values()].filter((o) => o.symbol === s.symbol).sort((a, b) => a.orderId - b.orderId);
  if (start !== undefined) orders = orders.filter((o) => o.time >= start);
  if (end !== undefined) orders = orders.filter((o) => o.time <= end);
  if (params.orderId !== undefined)
    return orders
      .filter((o) => o.orderId >= Number(params.orderId))
      .slice(0, limit)
      .map((o) => orderJson(o, s));
  return orders.slice(-limit).map((o) => orderJson(o, s));
}

/**
 * GET /fapi/v3/positionRisk: only symbols with a position or an open order,
 * and, unlike v2, no leverage, margin type or maxNotionalValue.
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api/Position-Information-V3
 */
export function positionRiskV3(engine: FuturesEngine, params: Params): unknown[] {
  const symbols = params.symbol ? [engine.catalogue(params.symbol)] : MARKET_CATALOGUE;
  const sides: PositionSide[] = engine.dualSidePosition ? ['LONG', 'SHORT'] : ['BOTH'];
  return symbols
    .filter(
      (s) =>
        sides.some((side) => engine.positions.has(key(s.symbol, side))) || engine.openOrderList(s.symbol).length > 0,
    )
    .flatMap((s) => sides.map((side) => positionRow(engine, s, side)));
}

function positionRow(engine: FuturesEngine, s: CatalogueSymbol, positionSide: PositionSide): Record<string, unknown> {
  const position = engine.positions.get(key(s.symbol, positionSide));
  const mark = engine.priceOf(s.symbol);
  const amount = position?.amount ?? new Decimal(0);
  const entry = position?.entryPrice ?? new Decimal(0);
  const unrealized = amount.mul(mark.sub(entry));
  const notional = amount.mul(mark);
  const isolated = engine.setting(s.symbol).marginType === 'ISOLATED';
  const margin = position?.margin ?? new Decimal(0);
  const orderMargin = engine
    .openOrderList(s.symbol)
    .filter((o) => o.positionSide === positionSide)
    .reduce((sum, o) => sum.add(o.origQty.mul(o.price).div(engine.setting(s.symbol).leverage)), new Decimal(0));
  const resting = (side: OrderSide) =>
    engine
      .openOrderList(s.symbol)
      .filter((o) => o.positionSide === positionSide && o.side === side)
      .reduce((sum, o) => sum.add(o.origQty.mul(o.price)), new Decimal(0));
  return {
    symbol: s.symbol,
    positionSide,
    positionAmt: amount.toFixed(s.quantityPrecision),
    entryPrice: entry.toString(),
    breakEvenPrice: entry.toString(),
    markPrice: mark.toString(),
    unRealizedProfit: unrealized.toFixed(8),
    liquidationPrice: '0',
    isolatedMargin: (isolated ? margin.add(unrealized) : new Decimal(0)).toFixed(8),
    notional: notional.toFixed(8),
    marginAsset: 'USDT',
    isolatedWallet: (isolated ? margin : new Decimal(0)).toFixed(8),
    initialMargin: margin.add(orderMargin).toFixed(8),
    maintMargin: notional.abs().mul(FIRST_BRACKET_MAINT_RATE).toFixed(8),
    positionInitialMargin: margin.toFixed(8),
    openOrderInitialMargin: orderMargin.toFixed(8),
    adl: amount.isZero() ? 0 : 2,
    bidNotional: resting('BUY').toFixed(8),
    askNotional: resting('SELL').toFixed(8),
    updateTime: position?.updateTime ?? 0,
  };
}

/**
 * GET /fapi/v1/symbolConfig: margin type, leverage and the notional cap at that
 * leverage, for one symbol or all.
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/account/rest-api/Symbol-Config
 */
export function symbolConfig(engine: FuturesEngine, params: Params): unknown[] {
  const symbols = params.symbol ? [engine.catalogue(params.symbol)] : MARKET_CATALOGUE;
  return symbols.map((s) => {
    const { leverage, marginType } = engine.setting(s.symbol);
    return {
      symbol: s.symbol,
      marginType,
      isAutoAddMargin: 'false',
      leverage,
      maxNotionalValue: engine.notionalCap(s, leverage).toString(),
    };
  });
}

/** GET /fapi/v1/depth: the limits Binance allows, and the request weight of each. */
export const DEPTH_LIMITS: Record<string, number> = { 5: 2, 10: 2, 20: 2, 50: 2, 100: 5, 500: 10, 1000: 20 };

/**
 * An order book around the current price: one level per tick on each side,
 * with quantities on the lot step that vary by level (the simulation matches
 * at the last price; the book is for clients that read one).
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Order-Book
 */
export function orderBook(engine: FuturesEngine, params: Params): unknown {
  const s = engine.catalogue(required(params, 'symbol'));
  const limit = params.limit ?? '500';
  if (DEPTH_LIMITS[limit] === undefined) throw reject.illegalChars('limit', Object.keys(DEPTH_LIMITS).join(', '));
  const price = engine.priceOf(s.symbol);
  const tick = new Decimal(s.tickSize);
  // The best bid and ask straddle the last price on the tick grid.
  const bestBid = price.div(tick).floor().mul(tick);
  const bestAsk = bestBid.add(tick);
  const quantity = (level: number) =>
    new Decimal(s.lot.minQty).mul(1 + ((level * 37 + 11) % 97)).toFixed(s.quantityPrecision);
  const levels = Array.from({ length: Number(limit) }, (_, i) => i);
  const now = engine.now();
  return {
    lastUpdateId: now,
    E: now,
    T: now,
    bids: levels
      .map((i) => bestBid.sub(tick.mul(i)))
      .filter((p) => p.gte(s.minPrice))
      .map((p, i) => [p.toFixed(s.pricePrecision), quantity(i)]),
    asks: levels.map((i) => [bestAsk.add(tick.mul(i)).toFixed(s.pricePrecision), quantity(i + 500)]),
  };
}

function required(params: Params, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') throw reject.mandatory(name);
  return value;
}
