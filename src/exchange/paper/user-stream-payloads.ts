/**
 * The simulated account's changes in the exact JSON of Binance's USDⓈ-M
 * Futures streams (short keys, numbers as strings where Binance sends strings):
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/user-data-streams/Event-Balance-and-Position-Update
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/user-data-streams/Event-Order-Update
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/user-data-streams/Event-Algo-Order-Update
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/user-data-streams/Event-Account-Configuration-Update-previous-Leverage-Update
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/user-data-streams/Event-Margin-Call
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/user-data-streams/Event-User-Data-Stream-Expired
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams/Mark-Price-Stream
 */
import Decimal from 'decimal.js';
import type { AlgoOrder } from './algo-order-book';
import type { StreamPayload } from './engine-stream';
import type { CatalogueSymbol } from './market-catalogue';
import type { MarginType } from '../../common/margin-types';
import type { OrderSide, PositionSide } from '../../common/order-sides';

/** A regular order as the stream describes it (the engine's order, or a forced close). */
export interface StreamOrder {
  orderId: number;
  symbol: string;
  clientOrderId: string;
  side: OrderSide;
  positionSide: PositionSide;
  /** MARKET, LIMIT, or LIQUIDATION for a forced close. */
  type: string;
  status: 'NEW' | 'FILLED' | 'CANCELED' | 'PARTIALLY_FILLED' | 'EXPIRED';
  price: Decimal;
  origQty: Decimal;
  executedQty: Decimal;
  avgPrice: Decimal;
  reduceOnly: boolean;
  timeInForce: string;
  time: number;
}

/** One execution of an order: NEW, CANCELED, TRADE, or CALCULATED (a liquidation's fill). */
export interface StreamExecution {
  type: 'NEW' | 'CANCELED' | 'TRADE' | 'CALCULATED' | 'EXPIRED';
  lastQty?: Decimal;
  lastPrice?: Decimal;
  commission?: Decimal;
  tradeId?: number;
  realizedPnl?: Decimal;
}

export function orderTradeUpdate(
  order: StreamOrder,
  s: CatalogueSymbol,
  exec: StreamExecution,
  now: number,
): StreamPayload {
  const qty = (d: Decimal) => d.toFixed(s.quantityPrecision);
  const zero = new Decimal(0);
  return {
    e: 'ORDER_TRADE_UPDATE',
    E: now,
    T: now,
    o: {
      s: order.symbol,
      c: order.clientOrderId,
      S: order.side,
      o: order.type,
      f: order.timeInForce,
      q: qty(order.origQty),
      p: order.price.toFixed(s.pricePrecision),
      ap: order.avgPrice.toFixed(Math.max(5, order.avgPrice.decimalPlaces())),
      sp: '0',
      x: exec.type,
      X: order.status,
      i: order.orderId,
      l: qty(exec.lastQty ?? zero),
      z: qty(order.executedQty),
      L: (exec.lastPrice ?? zero).toFixed(),
      N: 'USDT',
      n: (exec.commission ?? zero).toFixed(8),
      T: now,
      t: exec.tradeId ?? 0,
      b: '0',
      a: '0',
      m: false,
      R: order.reduceOnly,
      wt: 'CONTRACT_PRICE',
      ot: order.type,
      ps: order.positionSide,
      cp: false,
      rp: (exec.realizedPnl ?? zero).toFixed(8),
      pP: false,
      si: 0,
      ss: 0,
      V: 'EXPIRE_MAKER',
      pm: 'NONE',
      gtd: 0,
      er: '0',
    },
  };
}

export interface StreamBalance {
  asset: string;
  wallet: Decimal;
  crossWallet: Decimal;
  /** Balance change other than PnL and commission (funding fees, transfers). */
  change: Decimal;
}

export interface StreamPosition {
  symbol: string;
  positionSide: PositionSide;
  amount: Decimal;
  entryPrice: Decimal;
  accumulatedRealized: Decimal;
  unrealized: Decimal;
  marginType: MarginType;
  isolatedWallet: Decimal;
}

/** ACCOUNT_UPDATE: "m" is the reason (ORDER, FUNDING_FEE, MARGIN_TYPE_CHANGE, …); only changed positions. */
export function accountUpdate(
  reason: string,
  balances: StreamBalance[],
  positions: StreamPosition[],
  now: number,
): StreamPayload {
  return {
    e: 'ACCOUNT_UPDATE',
    E: now,
    T: now,
    a: {
      m: reason,
      B: balances.map((b) => ({
        a: b.asset,
        wb: b.wallet.toFixed(8),
        cw: b.crossWallet.toFixed(8),
        bc: b.change.toFixed(8),
      })),
      P: positions.map((p) => ({
        s: p.symbol,
        pa: p.amount.toFixed(),
        ep: p.entryPrice.toFixed(),
        bep: p.entryPrice.toFixed(),
        cr: p.accumulatedRealized.toFixed(8),
        up: p.unrealized.toFixed(8),
        mt: p.marginType === 'ISOLATED' ? 'isolated' : 'cross',
        iw: p.isolatedWallet.toFixed(8),
        ps: p.positionSide,
        ma: 'USDT',
      })),
    },
  };
}

export function algoUpdate(order: AlgoOrder, s: CatalogueSymbol, now: number, executedQty?: Decimal): StreamPayload {
  const price = (d: Decimal) => d.toFixed(s.pricePrecision);
  const placed = order.actualOrderId !== '';
  return {
    e: 'ALGO_UPDATE',
    T: now,
    E: now,
    o: {
      caid: order.clientAlgoId,
      aid: order.algoId,
      at: 'CONDITIONAL',
      o: order.orderType,
      s: order.symbol,
      S: order.side,
      ps: order.positionSide,
      f: order.timeInForce,
      q: order.quantity.toFixed(s.quantityPrecision),
      X: order.algoStatus,
      ai: order.actualOrderId,
      // Only shown once the triggered order reached the matching engine.
      ...(placed
        ? {
            ap: order.actualPrice.toFixed(5),
            aq: (executedQty ?? new Decimal(0)).toFixed(s.quantityPrecision),
            act: order.orderType.endsWith('MARKET') ? 'MARKET' : 'LIMIT',
          }
        : {}),
      tp: price(order.triggerPrice),
      p: price(order.price),
      V: 'EXPIRE_MAKER',
      wt: order.workingType,
      pm: 'NONE',
      cp: order.closePosition,
      pP: order.priceProtect,
      R: order.reduceOnly,
      tt: order.triggerTime,
      gtd: 0,
      ...(order.rejectReason ? { rm: order.rejectReason } : {}),
    },
  };
}

/**
 * Binance's "Event: Account Configuration Update previous Leverage Update" (USD-M user-data streams):
 * ACCOUNT_CONFIG_UPDATE carries `ac` ({ s: symbol, l: leverage as a number }) when a symbol's leverage
 * changes, and `ai` ({ j: Multi-Assets mode }) when the Multi-Assets mode changes; never both. A margin
 * type change is not one of them: it is an ACCOUNT_UPDATE with reason MARGIN_TYPE_CHANGE ("Event: Balance
 * and Position Update"), and a position mode change pushes no event at all.
 */
export function leverageConfigUpdate(symbol: string, leverage: number, now: number): StreamPayload {
  return { e: 'ACCOUNT_CONFIG_UPDATE', E: now, T: now, ac: { s: symbol, l: leverage } };
}

export function multiAssetsConfigUpdate(on: boolean, now: number): StreamPayload {
  return { e: 'ACCOUNT_CONFIG_UPDATE', E: now, T: now, ai: { j: on } };
}

export interface MarginCallPosition {
  symbol: string;
  positionSide: PositionSide;
  amount: Decimal;
  marginType: MarginType;
  isolatedWallet: Decimal;
  markPrice: Decimal;
  unrealized: Decimal;
  maintenanceMargin: Decimal;
}

export function marginCall(crossWallet: Decimal, positions: MarginCallPosition[], now: number): StreamPayload {
  return {
    e: 'MARGIN_CALL',
    E: now,
    cw: crossWallet.toFixed(8),
    p: positions.map((p) => ({
      s: p.symbol,
      ps: p.positionSide,
      pa: p.amount.toFixed(),
      mt: p.marginType,
      iw: p.isolatedWallet.toFixed(8),
      mp: p.markPrice.toFixed(),
      up: p.unrealized.toFixed(8),
      mm: p.maintenanceMargin.toFixed(8),
    })),
  };
}

/** Binance's example sends E as a string here, unlike every other event. */
export function listenKeyExpired(listenKey: string, now: number): StreamPayload {
  return { e: 'listenKeyExpired', E: String(now), listenKey };
}

export function markPriceUpdate(
  symbol: string,
  price: Decimal,
  fundingRate: string,
  nextFundingTime: number,
  now: number,
): StreamPayload {
  const mark = price.toFixed();
  return {
    e: 'markPriceUpdate',
    E: now,
    s: symbol,
    p: mark,
    ap: mark,
    i: mark,
    P: mark,
    r: fundingRate,
    T: nextFundingTime,
  };
}
