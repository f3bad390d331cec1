/**
 * The account's stream events as the service uses them: Binance's user-data
 * and mark-price events, parsed and typed (money as Decimal, ids as strings),
 * plus the stream's own connection changes. Live, testnet and paper deliver
 * the same events.
 */
import type Decimal from 'decimal.js';
import type { MarginType } from '../../common/margin-types';
import type { OrderSide, PositionSide } from '../../common/order-sides';

export interface BalanceChange {
  asset: string;
  walletBalance: Decimal;
  crossWalletBalance: Decimal;
  /** Change other than realised PnL and commission (funding fee, transfer). */
  balanceChange: Decimal;
}

export interface PositionChange {
  symbol: string;
  positionSide: PositionSide;
  /** Signed: negative is short. */
  amount: Decimal;
  entryPrice: Decimal;
  accumulatedRealized: Decimal;
  unrealizedPnl: Decimal;
  marginType: MarginType;
  isolatedWallet: Decimal;
}

/** ACCOUNT_UPDATE: balances and the positions that changed, and why (ORDER, FUNDING_FEE, …). */
export interface AccountUpdateEvent {
  type: 'account';
  eventTime: number;
  transactionTime: number;
  reason: string;
  balances: BalanceChange[];
  positions: PositionChange[];
}

/** ORDER_TRADE_UPDATE: a regular order's status, and its fill when executionType is TRADE or CALCULATED. */
export interface OrderUpdateEvent {
  type: 'order';
  eventTime: number;
  transactionTime: number;
  symbol: string;
  clientOrderId: string;
  orderId: string;
  side: OrderSide;
  positionSide: PositionSide;
  /** MARKET, LIMIT, LIQUIDATION, … */
  orderType: string;
  originalOrderType: string;
  /** NEW, CANCELED, CALCULATED (liquidation), EXPIRED, TRADE, AMENDMENT. */
  executionType: string;
  orderStatus: string;
  quantity: Decimal;
  price: Decimal;
  averagePrice: Decimal;
  lastFilledQuantity: Decimal;
  filledQuantity: Decimal;
  lastFilledPrice: Decimal;
  commission: Decimal;
  /** Absent when no commission was charged. */
  commissionAsset?: string;
  tradeTime: number;
  /** "0" when the event is no fill. */
  tradeId: string;
  realizedProfit: Decimal;
  reduceOnly: boolean;
  closePosition: boolean;
}

/** ALGO_UPDATE: a conditional order's status (NEW, CANCELED, TRIGGERING, TRIGGERED, FINISHED, REJECTED, EXPIRED). */
export interface AlgoUpdateEvent {
  type: 'algo';
  eventTime: number;
  transactionTime: number;
  symbol: string;
  clientAlgoId: string;
  algoId: string;
  orderType: string;
  side: OrderSide;
  positionSide: PositionSide;
  status: string;
  quantity: Decimal;
  triggerPrice: Decimal;
  price: Decimal;
  /** The order placed when triggered ("" before). */
  actualOrderId: string;
  averagePrice?: Decimal;
  executedQuantity?: Decimal;
  closePosition: boolean;
  reduceOnly: boolean;
  triggerTime: number;
  rejectReason?: string;
}

/** ACCOUNT_CONFIG_UPDATE: a symbol's leverage, or Multi-Assets mode. */
export interface ConfigUpdateEvent {
  type: 'config';
  eventTime: number;
  transactionTime: number;
  symbol?: string;
  leverage?: number;
  multiAssets?: boolean;
}

export interface MarginCallPosition {
  symbol: string;
  positionSide: PositionSide;
  amount: Decimal;
  marginType: MarginType;
  isolatedWallet: Decimal;
  markPrice: Decimal;
  unrealizedPnl: Decimal;
  maintenanceMargin: Decimal;
}

export interface MarginCallEvent {
  type: 'marginCall';
  eventTime: number;
  crossWalletBalance: Decimal;
  positions: MarginCallPosition[];
}

/** The listenKey expired: nothing more arrives until a new key is connected. */
export interface ListenKeyExpiredEvent {
  type: 'listenKeyExpired';
  eventTime: number;
}

export interface MarkPriceEvent {
  type: 'markPrice';
  eventTime: number;
  symbol: string;
  markPrice: Decimal;
  indexPrice: Decimal;
  fundingRate: Decimal;
  nextFundingTime: number;
}

/**
 * The user-data stream connected or was lost. After a reconnect, `gapSince`
 * says since when events may have been missed (resynchronise, back-fill).
 */
export interface ConnectionEvent {
  type: 'connection';
  connected: boolean;
  at: number;
  /** On connect: when the previous connection was lost (absent on the first connect). */
  gapSince?: number;
  /** Why it was lost or renewed (closed, listenKeyExpired, renewal, error text). */
  reason?: string;
}

export type AccountDataEvent =
  AccountUpdateEvent | OrderUpdateEvent | AlgoUpdateEvent | ConfigUpdateEvent | MarginCallEvent | ListenKeyExpiredEvent;

export type AccountStreamEvent = AccountDataEvent | MarkPriceEvent | ConnectionEvent;
