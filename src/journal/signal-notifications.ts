/**
 * What a signal's outcome reports (pure): the journal calls this and writes
 * the events in the same SQL statement as the signal's record, so a record
 * never exists without its notification, nor a notification without its
 * record. Ids derive from the signal id: a replayed write adds nothing.
 */
import Decimal from 'decimal.js';
import type { SignalHeader, SignalOutcome } from './signal-record';
import type { OrderAttempt } from '../trading/orders/order-attempt';
import { parseAlertTime } from '../common/alert-time';
import { notificationEvent, NotificationEventRecord } from '../notifications/notification-events';

/**
 * Refusals that are not the trader's own alerts (no or a wrong secret, a
 * stranger's address, an oversized body, a flood) would let anyone fill the
 * trader's phone: they are recorded, not notified.
 */
const UNAUTHENTICATED_STATUSES = new Set([401, 403, 413, 429]);

export function signalNotifications(header: SignalHeader, outcome: SignalOutcome): NotificationEventRecord[] {
  const at = outcome.answeredAt;
  const id = (type: string) => `${header.id}:${type}`;
  const base = { signalId: header.id, symbol: header.symbol ?? header.rawSymbol, action: header.action };
  switch (outcome.status) {
    case 'EXECUTED':
      if (header.action === 'CLOSE') return closed(header, outcome);
      // A target position opens, adds or reverses (executed), or only reduces or closes (closed).
      if (header.action === 'TARGET') {
        const opened = executed(header, outcome);
        return opened.length ? opened : closed(header, outcome);
      }
      return executed(header, outcome);
    case 'FAILED':
      return [notificationEvent(id('signal.failed'), 'signal.failed', { ...base, ...why(outcome) }, at)];
    case 'REJECTED':
      if (UNAUTHENTICATED_STATUSES.has(outcome.httpStatus)) return [];
      if (outcome.errorCode === 'STALE') {
        return [notificationEvent(id('signal.stale'), 'signal.stale', { ...base, ageMs: staleAge(header) }, at)];
      }
      return [notificationEvent(id('signal.refused'), 'signal.refused', { ...base, ...why(outcome) }, at)];
    case 'DUPLICATE':
      return [
        notificationEvent(
          id('signal.duplicate'),
          'signal.duplicate',
          { ...base, originalId: header.duplicateOfId },
          at,
        ),
      ];
    default:
      return [];
  }
}

/** How late a stale alert arrived: its receipt time less the `time` it carried. */
function staleAge(header: SignalHeader): number {
  const time = (header.payload as { time?: unknown } | undefined)?.time;
  const sent = parseAlertTime(time);
  return sent === undefined ? 0 : Math.max(0, header.receivedAt.getTime() - sent);
}

function why(outcome: SignalOutcome) {
  return {
    reason: outcome.errorMessage ?? outcome.note ?? 'unknown',
    code: outcome.errorCode,
    suggestions: outcome.suggestions ?? [],
  };
}

const filled = (a: OrderAttempt) => a.result !== undefined && a.result.executedQty.gt(0);

function executed(header: SignalHeader, outcome: SignalOutcome): NotificationEventRecord[] {
  const opening = (outcome.orders ?? [])
    .filter((a) => (a.purpose === 'OPEN' || a.purpose === 'REVERSAL') && filled(a))
    .at(-1);
  if (!opening?.result || !header.symbol) return [];
  const event = notificationEvent(
    `${header.id}:signal.executed`,
    'signal.executed',
    {
      signalId: header.id,
      symbol: header.symbol,
      side: opening.request.side,
      // A one-way reversal's order also closes the old position: the new position is the sized quantity
      // (a target's: its size; an add to a target's position: the order's own quantity).
      quantity: (
        outcome.calculation?.quantity ??
        (opening.purpose === 'REVERSAL' ? header.targetQuantity : undefined) ??
        opening.result.executedQty
      ).toString(),
      averagePrice: opening.result.avgPrice.gt(0) ? opening.result.avgPrice.toString() : undefined,
      leverage: header.leverage,
      latencyMs: Math.max(0, outcome.answeredAt.getTime() - header.receivedAt.getTime()),
      reversal: (outcome.orders ?? []).some(
        (a) => a.purpose === 'REVERSAL' || (a.purpose === 'CLOSE_OPPOSITE' && filled(a)),
      ),
    },
    outcome.answeredAt,
  );
  return [event];
}

function closed(header: SignalHeader, outcome: SignalOutcome): NotificationEventRecord[] {
  const orders = (outcome.orders ?? []).filter(filled);
  if (orders.length === 0 || !header.symbol) return [];
  const pnl = realizedPnl(orders);
  const event = notificationEvent(
    `${header.id}:position.closed`,
    'position.closed',
    {
      signalId: header.id,
      symbol: header.symbol,
      closed: orders.map((a) => ({
        // Closing a long sells: the side shown is the position's, not the order's.
        side:
          a.purpose === 'CLOSE_SHORT'
            ? 'SHORT'
            : a.purpose === 'CLOSE_LONG'
              ? 'LONG'
              : a.request.side === 'SELL'
                ? 'LONG'
                : 'SHORT',
        quantity: a.result!.executedQty.toString(),
        averagePrice: a.result!.avgPrice.gt(0) ? a.result!.avgPrice.toString() : undefined,
      })),
      realizedPnl: pnl,
    },
    outcome.answeredAt,
  );
  return [event];
}

/**
 * Binance's order answer carries no realized PnL; an exchange (or a later API
 * version) that adds `realizedPnl` to the order's answer gets it reported.
 */
function realizedPnl(orders: OrderAttempt[]): string | undefined {
  const values = orders.map((a) => (a.result?.raw as { realizedPnl?: unknown } | undefined)?.realizedPnl);
  if (values.some((v) => typeof v !== 'string' || !/^-?\d+(\.\d+)?$/.test(v))) return undefined;
  return values.reduce((sum: Decimal, v) => sum.add(v as string), new Decimal(0)).toString();
}
