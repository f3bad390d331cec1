/**
 * The answers of the alerts that trade part of a position and re-fit its protection to what remains:
 * target positions (market_position) and partial exits (close_percentage / close_quantity). Pure, like
 * signal-responses.ts.
 */
import Decimal from 'decimal.js';
import { jsonNumber } from '../common/decimal-json';
import type { PartialCloseOutcome } from '../trading/close/partial-close.service';
import type { OrderAttempt } from '../trading/orders/order-attempt';
import type { ResizedProtection } from '../trading/protection/protection-resizer';
import type { TargetOutcome } from '../trading/target-position.service';
import type { OpenOutcome } from '../trading/trading.service';
import {
  calculationDetails,
  cancelledIds,
  closedPositionsJson,
  orderIdJson,
  protectionResponse,
  timestamp,
} from './signal-responses';
import type { ValidSignal } from './signal-validation';

/** Each order of a signal as the answer shows it (the request, and what the exchange did or the error). */
export function ordersJson(orders: OrderAttempt[]): Array<Record<string, unknown>> {
  return orders.map((a) => ({
    purpose: a.purpose.toLowerCase(),
    side: a.request.side,
    position_side: a.request.positionSide,
    quantity: jsonNumber(a.request.quantity),
    reduce_only: !!a.request.reduceOnly,
    client_order_id: a.request.clientOrderId,
    ...(a.result
      ? {
          order_id: orderIdJson(a.result.orderId),
          order_status: a.result.status,
          executed_quantity: jsonNumber(a.result.executedQty),
          average_price: jsonNumber(a.result.avgPrice),
        }
      : { error: a.error?.message ?? 'not sent' }),
  }));
}

function resizedJson(resized: ResizedProtection[]): Array<Record<string, unknown>> {
  return resized.map((r) => ({
    algo_id: orderIdJson(r.algoId),
    type: r.type,
    from_quantity: jsonNumber(r.from),
    to_quantity: jsonNumber(r.to),
    new_algo_id: orderIdJson(r.newAlgoId),
  }));
}

const sidesText = (held: { long: Decimal; short: Decimal }, asset: string) =>
  [
    held.long.gt(0) && `long ${held.long.toString()} ${asset}`,
    held.short.gt(0) && `short ${held.short.toString()} ${asset}`,
  ]
    .filter(Boolean)
    .join(' and ') || 'flat';

/** A target-position alert's details, for success and failure answers alike. */
export function targetDetails(signal: ValidSignal, outcome: TargetOutcome, asset: string): Record<string, unknown> {
  const target = signal.target!;
  return {
    market_position: target.position,
    market_position_size: jsonNumber(target.size),
    target_quantity: jsonNumber(outcome.target),
    ...(target.previous ? { prev_market_position: target.previous } : {}),
    position_before: sidesText(outcome.from, asset),
    orders: ordersJson(outcome.orders),
    ...(outcome.cancelled.some((c) => c.kind === 'conditional')
      ? { cancelled_algo_orders: cancelledIds(outcome.cancelled, 'conditional') }
      : {}),
    ...(outcome.cancelled.some((c) => c.kind === 'regular')
      ? { cancelled_orders: cancelledIds(outcome.cancelled, 'regular') }
      : {}),
    ...(outcome.resized.length ? { resized_algo_orders: resizedJson(outcome.resized) } : {}),
    ...(outcome.protection ? protectionResponse(outcome.protection) : {}),
  };
}

export function targetResponse(
  id: string,
  signal: ValidSignal,
  outcome: TargetOutcome,
  asset: string,
): Record<string, unknown> {
  const target = signal.target!;
  const wanted = target.position === 'flat' ? 'flat' : `${target.position} ${outcome.target.toString()} ${asset}`;
  return {
    success: true,
    id,
    message: `Target position reached on ${signal.symbol}: ${wanted} (was ${sidesText(outcome.from, asset)})`,
    symbol: signal.symbol,
    action: 'target',
    ...targetDetails(signal, outcome, asset),
    ...(outcome.note ? { note: outcome.note } : {}),
    ...(outcome.calculation
      ? { calculation_details: calculationDetails({ calculation: outcome.calculation } as OpenOutcome) }
      : {}),
    timestamp: timestamp(),
  };
}

/** A partial exit's details, for success and failure answers alike. */
export function partialDetails(outcome: PartialCloseOutcome): Record<string, unknown> {
  return {
    close_requested: outcome.asked,
    closed_all: outcome.kind === 'full',
    positions: outcome.legs.map((leg) => ({
      position_type: leg.position.direction.toLowerCase(),
      held: jsonNumber(leg.position.quantity),
      closed: jsonNumber(leg.quantity),
      remaining: jsonNumber(leg.remaining),
      ...(leg.reason ? { closed_all_because: leg.reason } : {}),
    })),
    ...(outcome.resized.length ? { resized_algo_orders: resizedJson(outcome.resized) } : {}),
  };
}

/**
 * What was closed, in the answer's first words: what was asked when that is what was closed; when the whole
 * position went (asked for, more asked than held, or the rest would have been dust), the quantity closed.
 */
export function partialCloseHeadline(symbol: string, outcome: PartialCloseOutcome): string {
  const all = outcome.kind === 'full';
  const parts = outcome.legs.map(
    (leg) =>
      `${leg.position.direction.toLowerCase()} ${leg.quantity.toString()} of ${leg.position.quantity.toString()}` +
      (all ? '' : leg.closesAll ? ' (all of it)' : `, ${leg.remaining.toString()} left`),
  );
  if (!all) return `Closed ${outcome.asked} on ${symbol}: ${parts.join('; ')}`;
  const closed = outcome.legs.reduce((sum, leg) => sum.add(leg.quantity), new Decimal(0));
  return `Closed ${closed.toString()} ${outcome.baseAsset} on ${symbol}, all of it: ${parts.join('; ')}`;
}

export function partialCloseResponse(
  id: string,
  signal: ValidSignal,
  outcome: PartialCloseOutcome,
): Record<string, unknown> {
  return {
    success: true,
    id,
    message:
      outcome.kind === 'nothing'
        ? `No open position on ${signal.symbol}: nothing to close`
        : partialCloseHeadline(signal.symbol, outcome) +
          (outcome.legs.some((l) => l.reason)
            ? ` (${outcome.legs
                .map((l) => l.reason)
                .filter(Boolean)
                .join('; ')})`
            : ''),
    symbol: signal.symbol,
    action: 'close',
    ...partialDetails(outcome),
    closed_positions: closedPositionsJson(outcome.closed),
    cancelled_orders: cancelledIds(outcome.cancelled, 'regular'),
    cancelled_algo_orders: cancelledIds(outcome.cancelled, 'conditional'),
    ...(outcome.note ? { note: outcome.note } : {}),
    timestamp: timestamp(),
  };
}
