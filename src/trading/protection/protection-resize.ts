/**
 * After a partial exit, the position's protection orders (stop loss, take
 * profit, trailing stop: conditional orders in Binance's Algo Order service)
 * must fit what remains. closePosition orders close whatever is held when they
 * trigger, so they stay as they are. Quantity-based ones are resized in
 * proportion (a stop for all of 1.0 ETH becomes a stop for all of the 0.5
 * left): in hedge mode a close larger than the position is refused when it
 * triggers (-2022), which would leave the rest unprotected, and in one-way mode
 * an order that is not reduce-only would open the other way.
 *
 * The new order is placed first and the old one cancelled after, so the
 * position is never without its protection; if the cancel fails both stay
 * (the answer says so), and the second to trigger finds less or nothing to close.
 * The new order is recorded like all protection (the trader's own orders too,
 * once re-placed under our client algo id), so the monitor follows it.
 * ProtectionResizer.replaceForPosition() decides which orders this serves.
 */
import Decimal from 'decimal.js';
import { ExchangeError } from '../../exchange/exchange-error';
import type {
  ConditionalOrder,
  ConditionalOrderRequest,
  ConditionalOrderType,
  ExchangePort,
  OpenPosition,
} from '../../exchange/exchange.port';
import { ProtectionRepository } from '../../journal/protection.repository';
import type { ProtectionKind } from '../../journal/signal-record';
import type { CancelledOrder } from '../orders/order-attempt';
import { conditionalCancelled } from '../orders/order-cancellation';
import type { LotLimits } from '../orders/order-pieces';
import { roundDownToStep } from '../position-sizing';
import { sendProtectiveOrder } from './protective-order-sender';

export interface ProtectionResize {
  old: ConditionalOrder;
  request: ConditionalOrderRequest;
}

export interface ResizedProtection {
  algoId: string;
  type: string;
  from: Decimal;
  to: Decimal;
  newAlgoId: string;
}

export interface ResizeOutcome {
  resized: ResizedProtection[];
  cancelled: CancelledOrder[];
  /** The first placement or cancel that failed. */
  error?: ExchangeError;
}

const CONDITIONAL_TYPES: readonly string[] = [
  'STOP',
  'STOP_MARKET',
  'TAKE_PROFIT',
  'TAKE_PROFIT_MARKET',
  'TRAILING_STOP_MARKET',
];

/** The resized orders for one position that went from `position.quantity` to `remaining` (pure). */
export function protectionResizes(
  conditional: ConditionalOrder[],
  position: OpenPosition,
  remaining: Decimal,
  lot: LotLimits,
  signalId: string,
  firstIndex = 1,
): ProtectionResize[] {
  const closingSide = position.direction === 'LONG' ? 'SELL' : 'BUY';
  const resizes: ProtectionResize[] = [];
  for (const old of conditional) {
    if (old.closePosition || old.positionSide !== position.positionSide || old.side !== closingSide) continue;
    if (!CONDITIONAL_TYPES.includes(old.type) || old.quantity.lte(0)) continue;
    const proportional = roundDownToStep(old.quantity.mul(remaining).div(position.quantity), lot.marketStepSize);
    const quantity = Decimal.min(Decimal.max(proportional, lot.marketMinQty), remaining);
    if (quantity.eq(old.quantity)) continue;
    const type = old.type as ConditionalOrderType;
    resizes.push({
      old,
      request: {
        symbol: old.symbol,
        side: old.side,
        positionSide: old.positionSide,
        type,
        quantity,
        reduceOnly: old.reduceOnly || undefined,
        triggerPrice: type === 'TRAILING_STOP_MARKET' ? undefined : old.triggerPrice,
        price: type === 'STOP' || type === 'TAKE_PROFIT' ? old.price : undefined,
        workingType: old.workingType,
        callbackRate: old.callbackRate,
        activatePrice: old.activatePrice,
        clientAlgoId: `tvb_${signalId}_pr${firstIndex + resizes.length}`,
      },
    });
  }
  return resizes;
}

/** The kind a quantity-based order is recorded as. */
export function kindOfType(type: string): ProtectionKind {
  if (type === 'TRAILING_STOP_MARKET') return 'TRAILING_STOP';
  return type === 'TAKE_PROFIT' || type === 'TAKE_PROFIT_MARKET' ? 'TAKE_PROFIT' : 'STOP_LOSS';
}

/**
 * Places each resized order (retried like all protection), records it in the protective-order table for
 * `signalId` (the reduction's signal) so the monitor follows it, then cancels the order it replaces.
 */
export async function resizeInProportion(
  exchange: ExchangePort,
  repository: ProtectionRepository,
  resizes: ProtectionResize[],
  signalId: string,
  recorded: ReadonlySet<string>,
): Promise<ResizeOutcome> {
  const outcome: ResizeOutcome = { resized: [], cancelled: [] };
  for (const { old, request } of resizes) {
    const sent = await sendProtectiveOrder(exchange, request);
    await repository.record(signalId, {
      kind: kindOfType(old.type),
      request,
      replacesId: old.clientAlgoId,
      ...sent,
      note: [
        `Re-placed in proportion to what remains after a reduction (was ${old.clientAlgoId}` +
          `${recorded.has(old.clientAlgoId) ? '' : ', not placed by this service'})`,
        sent.note,
      ]
        .filter(Boolean)
        .join('; '),
    });
    if (!sent.result || sent.error) {
      outcome.error ??= sent.error;
      continue;
    }
    outcome.resized.push({
      algoId: old.algoId,
      type: old.type,
      from: old.quantity,
      to: request.quantity!,
      newAlgoId: sent.result.algoId,
    });
    try {
      await exchange.cancelConditionalOrder(old.symbol, old.algoId);
      outcome.cancelled.push(conditionalCancelled(old));
      if (recorded.has(old.clientAlgoId)) {
        await repository.update(old.clientAlgoId, { status: 'CANCELED', note: `Replaced by ${request.clientAlgoId}` });
      }
    } catch (error) {
      if (!(error instanceof ExchangeError)) throw error;
      outcome.error ??= error;
    }
  }
  return outcome;
}
