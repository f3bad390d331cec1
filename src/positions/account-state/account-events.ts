/**
 * What the account state holder is told, in the account's words: Binance's
 * user-data and mark-price stream events (already parsed, amounts as exact
 * decimals), REST snapshots, and the answers to our own requests. Times are
 * the exchange's milliseconds: an event's transaction time (T), a snapshot's
 * `asOf`, an order answer's updateTime. They order everything the holder
 * applies; the holder never compares them with the local clock.
 */
import type Decimal from 'decimal.js';
import type { ConditionalOrder, OpenOrder, OrderSide, PositionMode, PositionSide } from '../../exchange/exchange.port';
import type { MarginType } from '../../common/margin-types';

/** One position side as ACCOUNT_UPDATE or position risk reports it: `amount` is signed (short < 0). */
export interface PositionFigures {
  symbol: string;
  positionSide: PositionSide;
  amount: Decimal;
  entryPrice: Decimal;
}

/** ACCOUNT_UPDATE: only the assets and position sides that changed. */
export interface AccountUpdateEvent {
  kind: 'account';
  time: number;
  /** USDT only (the asset the service trades with); absent when it did not change. */
  balance?: { wallet: Decimal; crossWallet: Decimal };
  positions: Array<PositionFigures & { marginType?: MarginType }>;
}

/** ORDER_TRADE_UPDATE, reduced to what open orders and fills need. */
export interface OrderUpdateEvent {
  kind: 'order';
  time: number;
  order: OpenOrder & {
    /** NEW, PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED, … */
    status: string;
    /** Cumulative filled quantity (z). */
    executedQty: Decimal;
  };
}

/** ALGO_UPDATE: a conditional order placed, triggered, cancelled, finished… */
export interface AlgoUpdateEvent {
  kind: 'algo';
  time: number;
  order: ConditionalOrder;
}

/** ACCOUNT_CONFIG_UPDATE (leverage of a symbol). */
export interface LeverageUpdateEvent {
  kind: 'leverage';
  time: number;
  symbol: string;
  leverage: number;
}

export interface MarkPriceEvent {
  kind: 'mark-price';
  time: number;
  symbol: string;
  markPrice: Decimal;
}

export type AccountEvent =
  AccountUpdateEvent | OrderUpdateEvent | AlgoUpdateEvent | LeverageUpdateEvent | MarkPriceEvent;

/**
 * A REST read. `asOf` is when the read was sent, in exchange time, erring early:
 * an event older than it is ignored, one newer wins over it. `generation` is
 * the holder's generation when the read was sent (AccountState.generation): a
 * read sent before a disconnect never vouches for the state after it.
 * Each part is optional: a read covers what it read.
 */
export interface AccountSnapshot {
  asOf: number;
  generation: number;
  /** When its answer arrived, on our own clock (an order we sent later is not in it). */
  answeredAt?: number;
  balance?: { wallet: Decimal; crossWallet: Decimal; updateTime?: number };
  mode?: PositionMode;
  /** Per symbol: every position side (flat ones too), leverage and margin type. */
  symbols?: Array<{
    symbol: string;
    leverage: number;
    marginType: MarginType;
    positions: Array<PositionFigures & { updateTime?: number }>;
  }>;
  /** The complete list of open orders of each symbol named. */
  openOrders?: Array<{ symbol: string; orders: OpenOrder[] }>;
  /** The complete list of waiting conditional orders of each symbol named. */
  conditionalOrders?: Array<{ symbol: string; orders: ConditionalOrder[] }>;
  markPrices?: Array<{ symbol: string; markPrice: Decimal }>;
}

/** Our own order's RESULT answer: applied at once, before the stream reports it. */
export interface OwnFill {
  symbol: string;
  orderId: string;
  side: OrderSide;
  positionSide: PositionSide;
  /** Cumulative filled quantity. */
  executedQty: Decimal;
  avgPrice: Decimal;
  updateTime: number;
  /** When we sent the order, on our own clock. */
  sentAt?: number;
}
