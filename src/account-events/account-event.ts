/**
 * An account event as recorded: what Binance reported (a fill, a funding fee,
 * a liquidation or auto-deleveraging, a conditional order's trigger, a margin
 * call), keyed by Binance's own id so that the stream, a back-fill and a
 * second instance all produce the same key. Pure builders from stream events
 * and from trade / income history; who made the event is settled later
 * (attribution needs the database).
 */
import type Decimal from 'decimal.js';
import type { OrderSide, PositionSide } from '../common/order-sides';
import type { IncomeRecord, TradeRecord } from '../exchange/account-history.port';
import type { AlgoUpdateEvent, MarginCallEvent, OrderUpdateEvent } from '../exchange/streams/account-stream-events';

export type AccountEventKind = 'FILL' | 'LIQUIDATION' | 'ADL' | 'FUNDING_FEE' | 'CONDITIONAL_TRIGGER' | 'MARGIN_CALL';
export type AccountEventOrigin = 'TVBRIDGE' | 'OUTSIDE' | 'BINANCE';
export type AccountEventSource = 'stream' | 'backfill';

/** Kinds that are executions (with price, quantity, realised PnL and commission). */
export const FILL_KINDS: readonly AccountEventKind[] = ['FILL', 'LIQUIDATION', 'ADL'];

export interface NewAccountEvent {
  eventKey: string;
  kind: AccountEventKind;
  /** Known from the event itself (Binance's own orders); otherwise settled by attribution. */
  origin?: AccountEventOrigin;
  symbol?: string;
  signalId?: string;
  clientOrderId?: string;
  /** The conditional order whose trigger this is, or that placed this fill's order. */
  clientAlgoId?: string;
  orderId?: string;
  tradeId?: string;
  side?: OrderSide;
  positionSide?: PositionSide;
  price?: Decimal;
  quantity?: Decimal;
  realizedPnl?: Decimal;
  commission?: Decimal;
  commissionAsset?: string;
  amount?: Decimal;
  asset?: string;
  source: AccountEventSource;
  details?: Record<string, unknown>;
  occurredAt: Date;
}

/** Binance's client order ids for the orders it sends itself. */
export function forcedCloseKind(clientOrderId: string | undefined): 'LIQUIDATION' | 'ADL' | undefined {
  if (!clientOrderId) return undefined;
  if (clientOrderId.startsWith('autoclose-') || clientOrderId.startsWith('settlement_autoclose-')) return 'LIQUIDATION';
  if (clientOrderId.startsWith('adl_autoclose')) return 'ADL';
  return undefined;
}

/** The signal id inside one of our client order / algo ids (tvb_<signal>_<code>). */
export function signalIdOf(clientId: string | undefined): string | undefined {
  return /^tvb_([0-9a-z]{8,24})_[A-Za-z0-9-]+$/.exec(clientId ?? '')?.[1];
}

export function fillKey(symbol: string, tradeId: string): string {
  return `fill:${symbol}:${tradeId}`;
}

/** A fill from ORDER_TRADE_UPDATE (execution TRADE, or CALCULATED for a liquidation); undefined otherwise. */
export function eventFromOrderUpdate(e: OrderUpdateEvent): NewAccountEvent | undefined {
  if (e.executionType !== 'TRADE' && e.executionType !== 'CALCULATED') return undefined;
  const forced = e.executionType === 'CALCULATED' ? 'LIQUIDATION' : forcedCloseKind(e.clientOrderId);
  return {
    eventKey: fillKey(e.symbol, e.tradeId),
    kind: forced ?? 'FILL',
    origin: forced ? 'BINANCE' : undefined,
    symbol: e.symbol,
    clientOrderId: e.clientOrderId,
    orderId: e.orderId,
    tradeId: e.tradeId,
    side: e.side,
    positionSide: e.positionSide,
    price: e.lastFilledPrice,
    quantity: e.lastFilledQuantity,
    realizedPnl: e.realizedProfit,
    commission: e.commission,
    commissionAsset: e.commissionAsset,
    source: 'stream',
    details: { orderType: e.orderType, orderStatus: e.orderStatus, maker: undefined },
    occurredAt: new Date(e.tradeTime || e.transactionTime || e.eventTime),
  };
}

/** A conditional order's trigger (TRIGGERED, or a refusal once triggering): one per algo order. */
export function eventFromAlgoUpdate(e: AlgoUpdateEvent): NewAccountEvent | undefined {
  const triggered =
    e.status === 'TRIGGERED' || e.status === 'FINISHED' || (e.status === 'REJECTED' && e.triggerTime > 0);
  if (!triggered) return undefined;
  return {
    eventKey: `trigger:${e.algoId}`,
    kind: 'CONDITIONAL_TRIGGER',
    symbol: e.symbol,
    clientAlgoId: e.clientAlgoId,
    orderId: e.actualOrderId || undefined,
    side: e.side,
    positionSide: e.positionSide,
    price: e.triggerPrice,
    quantity: e.quantity,
    source: 'stream',
    details: {
      algoId: e.algoId,
      orderType: e.orderType,
      status: e.status,
      closePosition: e.closePosition,
      ...(e.rejectReason ? { rejectReason: e.rejectReason } : {}),
    },
    occurredAt: new Date(e.triggerTime || e.transactionTime || e.eventTime),
  };
}

/** A margin call: one row per position named, keyed by the event time. */
export function eventsFromMarginCall(e: MarginCallEvent): NewAccountEvent[] {
  return e.positions.map((p) => ({
    eventKey: `margin-call:${e.eventTime}:${p.symbol}:${p.positionSide}`,
    kind: 'MARGIN_CALL' as const,
    origin: 'BINANCE' as const,
    symbol: p.symbol,
    positionSide: p.positionSide,
    price: p.markPrice,
    quantity: p.amount,
    amount: e.crossWalletBalance,
    asset: 'USDT',
    source: 'stream' as const,
    details: {
      marginType: p.marginType,
      unrealizedPnl: p.unrealizedPnl.toFixed(),
      maintenanceMargin: p.maintenanceMargin.toFixed(),
      isolatedWallet: p.isolatedWallet.toFixed(),
    },
    occurredAt: new Date(e.eventTime),
  }));
}

/** A fill from GET /fapi/v1/userTrades (no client order id there: attribution goes by order id). */
export function eventFromTrade(t: TradeRecord): NewAccountEvent {
  return {
    eventKey: fillKey(t.symbol, t.id),
    kind: 'FILL',
    symbol: t.symbol,
    orderId: t.orderId,
    tradeId: t.id,
    side: t.side,
    positionSide: t.positionSide,
    price: t.price,
    quantity: t.qty,
    realizedPnl: t.realizedPnl,
    commission: t.commission,
    commissionAsset: t.commissionAsset,
    source: 'backfill',
    details: { maker: t.maker },
    occurredAt: new Date(t.time),
  };
}

/** A funding fee from GET /fapi/v1/income; other income types are covered by fills (or not recorded). */
export function eventFromIncome(i: IncomeRecord): NewAccountEvent | undefined {
  if (i.incomeType !== 'FUNDING_FEE') return undefined;
  return {
    eventKey: `income:${i.tranId}`,
    kind: 'FUNDING_FEE',
    origin: 'BINANCE',
    symbol: i.symbol || undefined,
    amount: i.income,
    asset: i.asset,
    source: 'backfill',
    details: { tranId: i.tranId },
    occurredAt: new Date(i.time),
  };
}
