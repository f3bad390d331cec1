/**
 * Whether a recorded order may have traded (pure). A replay sends the alert's
 * orders again, so it is only safe when none of the earlier attempts can have
 * moved the position: an order whose answer was lost (UNKNOWN) may have
 * executed, a filled or partly filled one did, an accepted one (NEW, or still
 * PENDING) may fill, and a cancelled or expired one may have filled in part
 * first. This covers a protection failure too: its entry filled, and with
 * PROTECTION_FAILURE=keep the position is still open.
 */
import Decimal from 'decimal.js';

export interface RecordedOrder {
  clientOrderId: string;
  status: string;
  purpose?: string;
  /** A Prisma.Decimal from the records, or its text. */
  executedQty?: Decimal.Value | { toString(): string } | null;
}

/** Statuses after which nothing of the order executed, unless it says it filled some. */
const ENDED_UNFILLED = ['FAILED', 'REJECTED', 'CANCELED', 'EXPIRED'];

export function mayHaveTraded(order: RecordedOrder): boolean {
  if (!ENDED_UNFILLED.includes(order.status)) return true;
  return order.executedQty != null && new Decimal(order.executedQty.toString()).gt(0);
}

/** The first order of the list that may have traded. */
export function firstOrderThatMayHaveTraded<T extends RecordedOrder>(orders: T[]): T | undefined {
  return orders.find(mayHaveTraded);
}

/** Why a replay is refused because of this order, and what to do instead. */
export function mayHaveTradedReason(order: RecordedOrder): string {
  const status = order.status.toLowerCase().replace('_', ' ');
  const fate =
    order.status === 'UNKNOWN'
      ? 'its answer was lost and it may have executed'
      : ENDED_UNFILLED.includes(order.status)
        ? 'it executed in part'
        : order.status === 'FILLED' || order.status === 'PARTIALLY_FILLED'
          ? 'it executed'
          : 'it may still execute';
  return (
    `order ${order.clientOrderId} is ${status} (${fate}): replaying could trade twice; check the position on ` +
    'Binance (and its order history), then close it or send a new alert instead of replaying'
  );
}
