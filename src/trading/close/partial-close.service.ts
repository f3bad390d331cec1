/**
 * Runs a partial exit (close_percentage / close_quantity): reads the position,
 * its open orders and conditional orders and the symbol rules together, plans
 * with partial-close.ts, sends the reduce-only pieces (hedge: against the
 * position side), then re-fits the protection orders to what remains
 * (ProtectionResizer: recorded and followed like all protection). When the
 * plan closes everything (100%, or the rest would be dust) it is the `close`
 * flow, cancels included.
 */
import { Inject, Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { SignalRejection } from '../../common/signal-rejection';
import { ExchangeError } from '../../exchange/exchange-error';
import { EXCHANGE, ExchangePort, OpenPosition, OrderRequest } from '../../exchange/exchange.port';
import type { CancelledOrder, OrderAttempt, OrderPurpose } from '../orders/order-attempt';
import { clientOrderId } from '../client-order-id';
import { sendIndependentOrders } from '../orders/batched-orders';
import { closingOrder } from './closing-orders';
import { splitAtMaxQty } from '../orders/order-pieces';
import { PartialLeg, PartialRequest, planPartialClose } from './partial-close';
import { AccountReader, ReadFrom } from '../../positions/account-reader.service';
import { CloseService } from './close.service';
import { ProtectionResizer, ResizedProtection, ResizeOutcome } from '../protection/protection-resizer';

export interface PartialCloseOutcome extends ReadFrom {
  /** partial: part of the position remains; full: everything was closed (the close flow); nothing: flat. */
  kind: 'partial' | 'full' | 'nothing';
  asked: string;
  /** The symbol's base asset, for the answer's words. */
  baseAsset: string;
  legs: PartialLeg[];
  held: OpenPosition[];
  closed: OrderAttempt[];
  cancelled: CancelledOrder[];
  resized: ResizedProtection[];
  /** Why more than asked was closed, and any cancel or resize that failed. */
  note?: string;
  /** A closing order that failed, or a cancel of the full close. */
  error?: ExchangeError;
}

const reducePurpose = (position: OpenPosition): OrderPurpose =>
  position.direction === 'LONG' ? 'REDUCE_LONG' : 'REDUCE_SHORT';
const closePurpose = (position: OpenPosition): OrderPurpose =>
  position.direction === 'LONG' ? 'CLOSE_LONG' : 'CLOSE_SHORT';

@Injectable()
export class PartialCloseService {
  constructor(
    @Inject(EXCHANGE) private readonly exchange: ExchangePort,
    private readonly reader: AccountReader,
    private readonly closer: CloseService,
    private readonly resizer: ProtectionResizer,
  ) {}

  async close(symbol: string, signalId: string, request: PartialRequest): Promise<PartialCloseOutcome> {
    const [{ state, readOverRest }, rules] = await Promise.all([
      this.reader.forClose(symbol),
      this.exchange.symbolRules(symbol),
    ]);
    const held = state.positions.positions;
    const plan = planPartialClose(held, request, rules!);
    const readFromLiveState = readOverRest === undefined;
    const base = {
      held,
      closed: [],
      cancelled: [],
      resized: [],
      legs: [] as PartialLeg[],
      readFromLiveState,
      baseAsset: rules!.baseAsset,
    };
    if (plan.kind === 'nothing') return { ...base, kind: 'nothing', asked: '', note: plan.note };
    if (plan.kind === 'refused')
      throw new SignalRejection(plan.message, 'PARTIAL_CLOSE_REFUSED', 422, plan.suggestions);
    const reasons = plan.legs.map((leg) => leg.reason).filter(Boolean);

    if (plan.legs.every((leg) => leg.closesAll)) {
      const full = await this.closer.closeAll(symbol, signalId, state);
      const cancelFailure =
        full.cancelError && `Cancelling the symbol's open orders failed: ${full.cancelError.message}`;
      return {
        ...base,
        kind: 'full',
        asked: plan.asked,
        legs: plan.legs,
        closed: full.closed,
        cancelled: full.cancelled,
        note: [...reasons, cancelFailure].filter(Boolean).join('; ') || undefined,
        error: full.closed.find((a) => a.error)?.error ?? full.cancelError,
      };
    }

    const planned = plan.legs.flatMap((leg) => this.orders(leg, signalId, rules!));
    const closed = await sendIndependentOrders(this.exchange, planned);
    const error = closed.find((a) => a.error)?.error;
    // Protection follows only a reduction that went through whole.
    const done = plan.legs.filter(
      (leg) => !leg.closesAll && closed.every((a) => a.request.positionSide !== leg.position.positionSide || a.result),
    );
    // One mechanism for every re-fit: recorded in the protective-order table and followed by the monitor.
    const protection: ResizeOutcome = { resized: [], cancelled: [] };
    for (const [i, leg] of done.entries()) {
      const reduction = { signalId, before: leg.position, firstIndex: 1 + i * 10 };
      const fitted = await this.resizer.replaceForPosition(symbol, leg.position.positionSide, reduction);
      protection.resized.push(...fitted.resized);
      protection.cancelled.push(...fitted.cancelled);
      protection.error ??= fitted.error;
    }
    const resizeFailure = protection.error
      ? `Resizing the protection orders to the rest failed (${protection.error.message}): check them on Binance`
      : undefined;
    return {
      ...base,
      kind: 'partial',
      asked: plan.asked,
      legs: plan.legs,
      closed,
      cancelled: protection.cancelled,
      resized: protection.resized,
      note: [...reasons, resizeFailure].filter(Boolean).join('; ') || undefined,
      error,
    };
  }

  /** The leg's orders: pieces of at most the market lot maximum, each with its own client order id. */
  private orders(
    leg: PartialLeg,
    signalId: string,
    rules: { marketStepSize: Decimal; marketMinQty: Decimal; marketMaxQty: Decimal },
  ) {
    const purpose = leg.closesAll ? closePurpose(leg.position) : reducePurpose(leg.position);
    const whole: OrderRequest = closingOrder(leg.position, signalId, purpose);
    return splitAtMaxQty(leg.quantity, rules).map((quantity, i) => ({
      purpose,
      request: { ...whole, quantity, clientOrderId: clientOrderId(signalId, purpose, i + 1) },
    }));
  }
}
