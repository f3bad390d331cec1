/** Account events and PnL rows as the admin API answers them: snake_case, exact decimal strings. */
import Decimal from 'decimal.js';
import type { PnlAggregate, RecordedAccountEvent } from './account-events.repository';

const exact = (value: { toFixed(): string } | null | undefined) =>
  value === null || value === undefined ? null : value.toFixed();

export function accountEventJson(e: RecordedAccountEvent) {
  return {
    kind: e.kind.toLowerCase(),
    origin: e.origin.toLowerCase(),
    symbol: e.symbol,
    side: e.side,
    position_side: e.positionSide,
    price: exact(e.price),
    quantity: exact(e.quantity),
    realized_pnl: exact(e.realizedPnl),
    commission: exact(e.commission),
    commission_asset: e.commissionAsset,
    amount: exact(e.amount),
    asset: e.asset,
    client_order_id: e.clientOrderId,
    order_id: e.orderId,
    trade_id: e.tradeId,
    event_key: e.eventKey,
    source: e.source,
    details: e.details,
    occurred_at: e.occurredAt.toISOString(),
    recorded_at: e.recordedAt.toISOString(),
  };
}

/** net = realised PnL − fees + funding (funding is signed: negative when paid). */
export function pnlRowJson(row: PnlAggregate) {
  const realized = new Decimal(row.realized_pnl.toString());
  const fees = new Decimal(row.fees.toString());
  const funding = new Decimal(row.funding.toString());
  return {
    key: row.key,
    realized_pnl: realized.toFixed(),
    fees: fees.toFixed(),
    funding: funding.toFixed(),
    net: realized.sub(fees).add(funding).toFixed(),
    trades: Number(row.trades),
    wins: Number(row.wins),
    losses: Number(row.losses),
  };
}
