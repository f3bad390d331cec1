/**
 * Puts an entry's protection on the exchange once the entry filled: sized
 * from the position actually held, a position add replacing the side's
 * earlier protection so that it covers the whole position. When protection
 * cannot be placed (after retries) the position is never left silently
 * unprotected: PROTECTION_FAILURE=close flattens it, keep leaves it open (with
 * whatever protection did go on), and either way the outcome says which.
 *
 * To re-fit a side's protection after the position changed size (a partial
 * close, a take profit filled), see ProtectionResizer.replaceForPosition().
 */
import { Inject, Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { AppConfig, ProtectionFailureAction } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.module';
import { ExchangeError } from '../../exchange/exchange-error';
import {
  ConditionalOrder,
  ConditionalOrderRequest,
  EXCHANGE,
  ExchangePort,
  PositionDirection,
  PositionMode,
} from '../../exchange/exchange.port';
import type { SymbolRules } from '../../exchange/symbol-rules';
import { ProtectionRepository } from '../../journal/protection.repository';
import type { ProtectiveOrderRecord } from '../../journal/signal-record';
import type { CancelledOrder, OrderAttempt } from '../orders/order-attempt';
import { closingOrder } from '../close/closing-orders';
import { conditionalCancelled } from '../orders/order-cancellation';
import { sendOrders } from '../orders/order-sender';
import { PositionsService } from '../../positions/positions.service';
import { clientAlgoId } from '../client-order-id';
import { PlannedProtection, planProtection } from './protection-plan';
import type { ProtectionRequest } from './protection-request';
import { isOurs } from './close-all-conflict';
import { sendCloseAll, sendProtectiveOrder } from './protective-order-sender';

export interface ProtectedPosition {
  symbol: string;
  direction: PositionDirection;
  mode: PositionMode;
  /** The whole side's quantity after the entry. */
  quantity: Decimal;
  /** This entry's fill price: percent triggers are measured from it. */
  fillPrice: Decimal;
  /** The side's average entry price (break-even is measured from it). */
  entryPrice: Decimal;
}

export interface ProtectionFailure {
  error: Error;
  action: ProtectionFailureAction;
  /** close: the order that flattened the position. */
  closeAttempt?: OrderAttempt;
  /** True when the position is flat again. */
  closed: boolean;
  message: string;
}

export interface ProtectionOutcome {
  records: ProtectiveOrderRecord[];
  /** Earlier protection of the side this replaced (a position add). */
  replaced: CancelledOrder[];
  failure?: ProtectionFailure;
}

export { isOurs } from './close-all-conflict';

/** Conditional orders that close `direction`'s position. */
export function closesSide(order: ConditionalOrder, direction: PositionDirection): boolean {
  const exitSide = direction === 'LONG' ? 'SELL' : 'BUY';
  return order.side === exitSide && (order.positionSide === 'BOTH' || order.positionSide === direction);
}

@Injectable()
export class ProtectionService {
  constructor(
    @Inject(EXCHANGE) private readonly exchange: ExchangePort,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly positions: PositionsService,
    private readonly repository: ProtectionRepository,
  ) {}

  /**
   * Places the protection for the position an entry left; `existing` is the
   * symbol's conditional orders as read before the entry (ours on that side are replaced).
   */
  async protect(
    signalId: string,
    request: ProtectionRequest,
    position: ProtectedPosition,
    rules: SymbolRules,
    existing: ConditionalOrder[],
  ): Promise<ProtectionOutcome> {
    const replaced = await this.cancelOurs(existing.filter((o) => isOurs(o) && closesSide(o, position.direction)));
    let plan: PlannedProtection[];
    try {
      plan = planProtection({
        request,
        symbol: position.symbol,
        direction: position.direction,
        reference: position.fillPrice,
        quantity: position.quantity,
        rules,
        mode: position.mode,
        clientAlgoId: (code) => clientAlgoId(signalId, code),
      });
    } catch (error) {
      // The price moved through a trigger between the check and the fill.
      return {
        records: [],
        replaced: replaced.cancelled,
        failure: await this.fail(signalId, position, [], error as Error),
      };
    }
    const records: ProtectiveOrderRecord[] = [];
    // The stop first: it matters most, and a failure stops the rest.
    for (const planned of plan) {
      const sent = planned.order.closePosition
        ? await this.sendCloseAll(planned.order, replaced.cancelled)
        : await sendProtectiveOrder(this.exchange, planned.order);
      records.push({
        kind: planned.kind,
        level: planned.level,
        request: planned.order,
        askedPrice: planned.askedPrice,
        sizePercent: planned.sizePercent,
        breakEven: planned.kind === 'STOP_LOSS' && request.breakEven,
        entryPrice: position.entryPrice,
        ...sent,
      });
      if (sent.error) break;
    }
    const failed = records.find((r) => r.error);
    const failure = failed ? await this.fail(signalId, position, records, failed.error!) : undefined;
    return { records, replaced: replaced.cancelled, failure };
  }

  /**
   * The stop (close-all): an earlier stop of ours that the read before the entry did not list (placed
   * meanwhile, a break-even move) makes Binance answer -4130; it is replaced too, and recorded so.
   */
  private async sendCloseAll(order: ConditionalOrderRequest, cancelled: CancelledOrder[]) {
    const { replaced, ...sent } = await sendCloseAll(this.exchange, order);
    for (const old of replaced) {
      cancelled.push(conditionalCancelled(old));
      await this.repository
        .update(old.clientAlgoId, { status: 'CANCELED', note: 'Replaced by the protection of a later signal' })
        .catch(() => undefined);
    }
    return sent;
  }

  /** Cancels each order by its id (in hedge mode the other side's protection stays). */
  async cancelOurs(orders: ConditionalOrder[]): Promise<{ cancelled: CancelledOrder[]; error?: ExchangeError }> {
    const cancelled: CancelledOrder[] = [];
    let error: ExchangeError | undefined;
    for (const order of orders) {
      try {
        await this.exchange.cancelConditionalOrder(order.symbol, order.algoId);
        cancelled.push(conditionalCancelled(order));
        await this.repository
          .update(order.clientAlgoId, { status: 'CANCELED', note: 'Replaced by the protection of a later signal' })
          .catch(() => undefined);
      } catch (e) {
        if (!(e instanceof ExchangeError)) throw e;
        error ??= e;
      }
    }
    return { cancelled, error };
  }

  /** PROTECTION_FAILURE: close flattens the side (cancelling what was placed), keep leaves it as it is. */
  private async fail(
    signalId: string,
    position: ProtectedPosition,
    records: ProtectiveOrderRecord[],
    error: Error,
  ): Promise<ProtectionFailure> {
    const action = this.config.protectionFailure;
    const side = `${position.direction.toLowerCase()} ${position.symbol}`;
    const why = `its protection could not be placed (${error.message})`;
    if (action === 'keep') {
      const placed = records.filter((r) => r.result && !r.error).map((r) => r.kind.toLowerCase().replace('_', ' '));
      const kept = placed.length ? ` with only: ${placed.join(', ')}` : ' WITHOUT any protection';
      return {
        error,
        action,
        closed: false,
        message: `The ${side} position is open but ${why}: kept open${kept} (PROTECTION_FAILURE=keep)`,
      };
    }
    for (const record of records.filter((r) => r.result && r.status === 'NEW')) {
      try {
        await this.exchange.cancelConditionalOrder(record.request.symbol, record.result!.algoId);
        record.status = 'CANCELED';
        record.note = [record.note, 'Cancelled: the position was closed for lack of full protection']
          .filter(Boolean)
          .join('; ');
      } catch {
        // A closePosition / reduce-only order left on a flat position cannot open one; the monitor cancels it later.
      }
    }
    const state = await this.positions.read(position.symbol).catch(() => undefined);
    const held = state?.positions.positions.find((p) => p.direction === position.direction);
    if (!held) {
      return {
        error,
        action,
        closed: !!state,
        message: `The ${side} entry filled but ${why}; no position was found to close`,
      };
    }
    const [attempt] = await sendOrders(this.exchange, [
      { purpose: 'CLOSE_UNPROTECTED', request: closingOrder(held, signalId, 'CLOSE_UNPROTECTED') },
    ]);
    const closed = !!attempt.result;
    const message = closed
      ? `The ${side} entry filled but ${why}: the position was closed (PROTECTION_FAILURE=close)`
      : `The ${side} entry filled but ${why}, and closing it failed (${attempt.error?.message}): ` +
        'the position is OPEN and UNPROTECTED, act on Binance now';
    return { error, action, closeAttempt: attempt, closed, message };
  }
}
