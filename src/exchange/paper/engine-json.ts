/** The engine's state rendered in Binance's JSON shapes (numbers as strings, as Binance sends them). */
import Decimal from 'decimal.js';
import type { AlgoOrder } from './algo-order-book';
import type { MarginType } from '../../common/margin-types';
import type { EngineOrder } from './engine-order';
import type { EnginePosition } from './position-math';
import type { CatalogueSymbol } from './market-catalogue';

export function orderJson(order: EngineOrder, s: CatalogueSymbol): Record<string, unknown> {
  const qty = (d: Decimal) => d.toFixed(s.quantityPrecision);
  return {
    orderId: order.orderId,
    symbol: order.symbol,
    status: order.status,
    clientOrderId: order.clientOrderId,
    price: order.price.toFixed(s.pricePrecision),
    avgPrice: order.avgPrice.toFixed(Math.max(5, order.avgPrice.decimalPlaces())),
    origQty: qty(order.origQty),
    executedQty: qty(order.executedQty),
    cumQty: qty(order.executedQty),
    cumQuote: order.executedQty
      .mul(order.avgPrice)
      .toFixed(Math.max(5, order.executedQty.mul(order.avgPrice).decimalPlaces())),
    timeInForce: order.timeInForce,
    type: order.type,
    reduceOnly: order.reduceOnly,
    closePosition: false,
    side: order.side,
    positionSide: order.positionSide,
    stopPrice: '0',
    workingType: 'CONTRACT_PRICE',
    priceProtect: false,
    origType: order.type,
    priceMatch: 'NONE',
    selfTradePreventionMode: 'EXPIRE_MAKER',
    goodTillDate: 0,
    time: order.time,
    updateTime: order.updateTime,
  };
}

export function positionRiskJson(
  s: CatalogueSymbol,
  positionSide: string,
  position: EnginePosition | undefined,
  markPrice: Decimal,
  leverage: number,
  marginType: MarginType,
  maxNotional: Decimal,
): Record<string, unknown> {
  const amount = position?.amount ?? new Decimal(0);
  const entry = position?.entryPrice ?? new Decimal(0);
  const unrealized = amount.mul(markPrice.sub(entry));
  const isolated = marginType === 'ISOLATED' && position ? position.margin : new Decimal(0);
  return {
    symbol: s.symbol,
    positionAmt: amount.toFixed(s.quantityPrecision),
    entryPrice: entry.toString(),
    breakEvenPrice: entry.toString(),
    markPrice: markPrice.toString(),
    unRealizedProfit: unrealized.toFixed(8),
    liquidationPrice: '0',
    leverage: String(leverage),
    maxNotionalValue: maxNotional.toString(),
    marginType: marginType === 'ISOLATED' ? 'isolated' : 'cross',
    isolatedMargin: isolated.add(marginType === 'ISOLATED' ? unrealized : 0).toFixed(8),
    isAutoAddMargin: 'false',
    positionSide,
    notional: amount.mul(markPrice).toFixed(8),
    isolatedWallet: isolated.toFixed(8),
    updateTime: position?.updateTime ?? 0,
  };
}

/**
 * An algo (conditional) order as GET /fapi/v1/openAlgoOrders and /fapi/v1/algoOrder show it.
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api/Current-All-Algo-Open-Orders
 */
export function algoOrderJson(order: AlgoOrder, s: CatalogueSymbol): Record<string, unknown> {
  const price = (d: Decimal) => d.toFixed(s.pricePrecision);
  return {
    algoId: order.algoId,
    clientAlgoId: order.clientAlgoId,
    algoType: 'CONDITIONAL',
    orderType: order.orderType,
    symbol: order.symbol,
    side: order.side,
    positionSide: order.positionSide,
    timeInForce: order.timeInForce,
    quantity: order.quantity.toFixed(s.quantityPrecision),
    algoStatus: order.algoStatus,
    actualOrderId: order.actualOrderId,
    actualPrice: order.actualPrice.toFixed(Math.max(5, order.actualPrice.decimalPlaces())),
    triggerPrice: price(order.triggerPrice),
    price: price(order.price),
    icebergQuantity: null,
    tpTriggerPrice: price(new Decimal(0)),
    tpPrice: price(new Decimal(0)),
    slTriggerPrice: price(new Decimal(0)),
    slPrice: price(new Decimal(0)),
    tpOrderType: '',
    selfTradePreventionMode: 'EXPIRE_MAKER',
    workingType: order.workingType,
    priceMatch: 'NONE',
    closePosition: order.closePosition,
    priceProtect: order.priceProtect,
    reduceOnly: order.reduceOnly,
    ...(order.orderType === 'TRAILING_STOP_MARKET'
      ? { activatePrice: price(order.activatePrice!), callbackRate: order.callbackRate!.toString() }
      : {}),
    createTime: order.createTime,
    updateTime: order.updateTime,
    triggerTime: order.triggerTime,
    goodTillDate: 0,
  };
}
