/**
 * The webhook's documented answer shapes, built from outcomes (pure): buy/sell, close, skipped and error
 * answers (target positions and partial exits: target-responses.ts). Decimals become JSON numbers via jsonNumber.
 */
import Decimal from 'decimal.js';
import { jsonNumber } from '../common/decimal-json';
import type { CancelledOrder, OrderAttempt } from '../trading/orders/order-attempt';
import type { CloseOutcome } from '../trading/close/close.service';
import type { Sizing } from '../trading/position-sizing';
import type { ProtectionOutcome } from '../trading/protection/protection.service';
import type { OpenOutcome } from '../trading/trading.service';
import type { TranslatedError } from './error-translation';
import type { ValidSignal } from './signal-validation';

/** Every answer's `timestamp`: when it was made. */
export const timestamp = () => new Date().toISOString();

const SIZING_NOTES: Record<string, string> = {
  balance_percentage: 'Quantity auto-calculated based on account balance percentage',
  quantity: 'Quantity as given, rounded down to the lot step',
  usdt: 'Quantity from the USDT position value, rounded down to the lot step',
  risk_percentage: 'Quantity from the risk percentage and the distance to the stop loss, rounded down to the lot step',
};

/** Binance order ids are integers; as JSON numbers while they fit exactly, as the documented answers show. */
export function orderIdJson(orderId: string): number | string {
  return /^\d{1,15}$/.test(orderId) ? Number(orderId) : orderId;
}

export function tradeResponse(id: string, signal: ValidSignal, outcome: OpenOutcome): Record<string, unknown> {
  const sizing = outcome.sizing!;
  const calc = outcome.calculation!;
  const main = outcome.mainOrder!;
  const opposite = outcome.oppositeClosed;
  return {
    success: true,
    id,
    message: `Advanced trading order executed: ${signal.action} ${sizing.quantity.toString()} ${signal.symbol}`,
    trade: {
      symbol: signal.symbol,
      action: signal.action,
      quantity: jsonNumber(sizing.quantity),
      leverage: signal.leverage,
      margin_type: outcome.marginType,
      entry_price: jsonNumber(signal.entry),
      current_price: jsonNumber(calc.price),
      price_source: calc.priceSource,
      main_order_id: orderIdJson(main.orderId),
      client_order_id: main.clientOrderId,
      order_status: main.status,
      executed_quantity: jsonNumber(main.executedQty),
      average_price: jsonNumber(main.avgPrice),
      opposite_position_closed: opposite
        ? `Closed ${opposite.direction.toLowerCase()} position of ${opposite.quantity.toString()}`
        : 'No opposite position',
      mode: 'auto_quantity',
      note: outcome.note ?? SIZING_NOTES[calc.sizingMode ?? 'balance_percentage'],
      ...(sizing.capped ? { quantity_capped: cappedMessage(sizing, signal.leverage!) } : {}),
      ...(outcome.cancelledOrders?.length
        ? { cancelled_algo_orders: cancelledIds(outcome.cancelledOrders, 'conditional') }
        : {}),
      ...(sizing.feeCapped
        ? {
            fee_capped:
              `Position value lowered to ${sizing.positionValue.toDecimalPlaces(2, Decimal.ROUND_DOWN).toString()} ` +
              'USDT so that margin plus the opening fee fit the available balance',
          }
        : {}),
    },
    ...(outcome.protection ? protectionResponse(outcome.protection) : {}),
    calculation_details: calculationDetails(outcome),
    timestamp: timestamp(),
  };
}

function cappedMessage(sizing: Sizing, leverage: number): string {
  if (sizing.cappedBy === 'max-position-value') {
    return (
      `Quantity capped so the position stays within this account's maximum position value of ` +
      `${sizing.maxPositionValue!.toString()} USDT (${sizing.maxNotional!.toString()} USDT more)`
    );
  }
  if (sizing.cappedBy === 'max-notional') {
    const room = sizing.maxNotional!.toString();
    return `Quantity capped so the position stays within ${room} USDT more (leverage bracket at ${leverage}x)`;
  }
  return `Quantity capped at the symbol maximum of ${sizing.maxQty.toString()}`;
}

/** The protection placed for the position (and, when it failed, what was done about it). */
export function protectionResponse(outcome: ProtectionOutcome): Record<string, unknown> {
  const failure = outcome.failure;
  return {
    protection: outcome.records.map((r) => ({
      kind: r.kind.toLowerCase(),
      ...(r.level ? { level: r.level } : {}),
      type: r.request.type,
      status: r.status,
      algo_id: r.result ? orderIdJson(r.result.algoId) : null,
      client_algo_id: r.request.clientAlgoId,
      trigger_price: jsonNumber(r.request.triggerPrice),
      ...(r.askedPrice && r.request.triggerPrice && !r.askedPrice.eq(r.request.triggerPrice)
        ? { asked_price: jsonNumber(r.askedPrice), rounded_to_tick: true }
        : {}),
      quantity: r.request.closePosition ? 'whole position' : jsonNumber(r.request.quantity),
      ...(r.request.callbackRate ? { callback_rate: jsonNumber(r.request.callbackRate) } : {}),
      ...(r.request.activatePrice ? { activation_price: jsonNumber(r.request.activatePrice) } : {}),
      ...(r.breakEven ? { break_even: 'moved to the entry price plus fees after the first take profit' } : {}),
      working_type: r.request.workingType,
      ...(r.error ? { error: r.error.message } : {}),
      ...(r.note ? { note: r.note } : {}),
    })),
    ...(outcome.replaced.length ? { replaced_protection: outcome.replaced.map((c) => orderIdJson(c.orderId)) } : {}),
    ...(failure
      ? { protection_failure: { action: failure.action, position_closed: failure.closed, message: failure.message } }
      : {}),
  };
}

export function calculationDetails(outcome: OpenOutcome): Record<string, unknown> | undefined {
  const c = outcome.calculation;
  if (!c) return undefined;
  return {
    account_balance_usdt: jsonNumber(c.balance),
    sizing_mode: c.sizingMode,
    ...(c.sizingMode && c.sizingMode !== 'balance_percentage' ? { sizing_value: jsonNumber(c.sizingValue) } : {}),
    balance_percentage: jsonNumber(c.balancePercentage),
    ...(c.stopPrice ? { stop_price: jsonNumber(c.stopPrice), risk_capped_by_leverage: !!c.riskCapped } : {}),
    leverage: c.leverage,
    position_value_usdt: jsonNumber(c.positionValue),
    current_price: jsonNumber(c.price),
    quantity: jsonNumber(c.quantity),
    raw_quantity: jsonNumber(c.rawQuantity.toDecimalPlaces(12, Decimal.ROUND_DOWN)),
    step_size: jsonNumber(c.stepSize),
    min_qty: jsonNumber(c.minQty),
    max_qty: jsonNumber(c.maxQty),
    min_notional: jsonNumber(c.minNotional),
    notional_usdt: jsonNumber(c.notional),
    ...(c.maxNotional ? { max_notional_usdt: jsonNumber(c.maxNotional) } : {}),
    balance_source: c.balanceSource,
    price_source: c.priceSource,
    available_balance_usdt: jsonNumber(c.availableBalance),
    taker_fee_rate: jsonNumber(c.takerFeeRate),
    opening_fee_usdt: jsonNumber(c.openingFee?.toDecimalPlaces(8, Decimal.ROUND_UP)),
    fee_capped: c.feeCapped,
  };
}

/** The positions a close or partial close took down, as its answer lists them (filled orders only). */
export function closedPositionsJson(attempts: OrderAttempt[]): Array<Record<string, unknown>> {
  return attempts
    .filter((a) => a.result)
    .map((a) => ({
      quantity: jsonNumber(a.result!.executedQty),
      order_id: orderIdJson(a.result!.orderId),
      side: a.request.side,
      position_type: a.purpose.endsWith('LONG') ? 'long' : 'short',
      average_price: jsonNumber(a.result!.avgPrice),
    }));
}

export function closeResponse(id: string, signal: ValidSignal, outcome: CloseOutcome): Record<string, unknown> {
  return {
    success: true,
    id,
    message:
      outcome.held.length || outcome.cancelled.length
        ? `All positions closed for ${signal.symbol}`
        : `No open positions or orders for ${signal.symbol}: nothing to close`,
    symbol: signal.symbol,
    action: 'close',
    closed_positions: closedPositionsJson(outcome.closed),
    cancelled_orders: cancelledIds(outcome.cancelled, 'regular'),
    cancelled_algo_orders: cancelledIds(outcome.cancelled, 'conditional'),
    timestamp: timestamp(),
  };
}

/** The ids of the cancelled orders of one kind (algo ids for conditional orders). */
export function cancelledIds(cancelled: CancelledOrder[], kind: CancelledOrder['kind']): Array<number | string> {
  return cancelled.filter((c) => c.kind === kind).map((c) => orderIdJson(c.orderId));
}

export function skippedResponse(id: string, signal: ValidSignal, note: string): Record<string, unknown> {
  return {
    success: true,
    id,
    skipped: true,
    message: `No order needed: ${note}`,
    symbol: signal.symbol,
    action: signal.action,
    timestamp: timestamp(),
  };
}

export function errorResponse(
  error: TranslatedError,
  webhookData: unknown,
  id?: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    success: false,
    ...(id ? { id } : {}),
    error: error.message,
    suggestions: error.suggestions,
    webhook_data: webhookData ?? null,
    ...extra,
    timestamp: timestamp(),
  };
}
