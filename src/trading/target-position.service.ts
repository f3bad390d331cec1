/**
 * Runs a target-position alert: reads the position (with the balance, price,
 * symbol rules and conditional orders, in parallel), sizes the target (the
 * given size, or balance × % × leverage ÷ price as for buy/sell), plans the
 * difference with target-position.ts and sends only those orders: reductions
 * and closes first, then the account settings, then opens and adds. Flat is the
 * `close` flow. Runs in the symbol's queue like every signal, so alerts of one
 * symbol apply in delivery order and the account ends at the last one's target.
 *
 * Settings: leverage and margin type are only touched when the target opens or
 * adds. Binance refuses a margin type change while a position is open (-4048),
 * so when a position stays open the margin type asked for by the alert must
 * already be the symbol's (refused otherwise, before any order); the default
 * margin type is then left as it is.
 */
import { Inject, Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { SignalRejection } from '../common/signal-rejection';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import { ExchangeError } from '../exchange/exchange-error';
import {
  ConditionalOrder,
  EXCHANGE,
  ExchangePort,
  OrderRequest,
  PositionDirection,
  PriceQuote,
} from '../exchange/exchange.port';
import { MarginType } from '../common/margin-types';
import type { SymbolRules } from '../exchange/symbol-rules';
import type { CalculationRecord } from '../journal/signal-record';
import type { CancelledOrder, OrderAttempt } from './orders/order-attempt';
import { sendIndependentOrders } from './orders/batched-orders';
import { cancelListedOrders } from './orders/order-cancellation';
import type { PlannedOrder } from './orders/order-sender';
import { MultiAssetsModeCache } from '../positions/multi-assets-mode.cache';
import { PositionsService, SymbolState } from '../positions/positions.service';
import { AccountReader, ReadFrom } from '../positions/account-reader.service';
import { CloseService } from './close/close.service';
import { refuseForeignStop } from './protection/close-all-conflict';
import { ProtectionFailedError } from './protection/protection-failed.error';
import { planProtection } from './protection/protection-plan';
import { asksForProtection, ProtectionRequest } from './protection/protection-request';
import { ProtectionResizer, ResizedProtection, ResizeOutcome } from './protection/protection-resizer';
import { ProtectionOutcome, ProtectionService } from './protection/protection.service';
import { bracketRoom, explainSettingError, resolveMarginType } from './account-settings';
import { clientOrderId } from './client-order-id';
import { ExchangeClock } from './exchange-clock';
import { marginRoom } from './margin-room';
import { sizingRecord } from './sizing-record';
import { computeQuantity, MarginRoom, Sizing } from './position-sizing';
import { asOneWayReversal, HeldSides, MarketPosition, pieces, planTarget, TargetLeg } from './target-position';
import { AccountCaps, capTargetSize, targetLeverageRefusal } from './target-limits';

export interface TargetRequest {
  signalId: string;
  symbol: string;
  position: MarketPosition;
  /** Base asset; absent: sized from balancePercentage and leverage. */
  size?: Decimal;
  balancePercentage?: Decimal;
  leverage?: number;
  entry?: Decimal;
  marginType?: MarginType;
  /** Placed when the target opens or adds to a position (for the whole side then held). */
  protection?: ProtectionRequest;
  /** The account's own limits: what the target adds is capped, a leverage above the maximum refused. */
  caps?: AccountCaps;
}

export interface TargetOutcome extends ReadFrom {
  status: 'executed' | 'skipped' | 'failed';
  /** What the account held before, and the target after rounding. */
  from: HeldSides;
  target: Decimal;
  note?: string;
  orders: OrderAttempt[];
  cancelled: CancelledOrder[];
  resized: ResizedProtection[];
  /** The protection placed after an open or add (and what happened when it could not be). */
  protection?: ProtectionOutcome;
  calculation?: CalculationRecord;
  quote?: PriceQuote;
  error?: Error;
  exchangeMs: number;
}

const heldSides = (state: SymbolState): HeldSides => {
  const side = (direction: PositionDirection) =>
    state.positions.positions
      .filter((p) => p.direction === direction)
      .reduce((sum, p) => sum.add(p.quantity), new Decimal(0));
  return { long: side('LONG'), short: side('SHORT') };
};

@Injectable()
export class TargetPositionService {
  constructor(
    @Inject(EXCHANGE) private readonly exchange: ExchangePort,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly positions: PositionsService,
    private readonly reader: AccountReader,
    private readonly multiAssets: MultiAssetsModeCache,
    private readonly closer: CloseService,
    private readonly protection: ProtectionService,
    private readonly resizer: ProtectionResizer,
  ) {}

  async reach(request: TargetRequest): Promise<TargetOutcome> {
    const clock = new ExchangeClock();
    const sized = request.position !== 'flat' && !request.size;
    // Multi-Assets mode and the leverage brackets come from caches, as for buy/sell.
    // From the live account state when fresh (no request), else read over REST in parallel.
    const [{ balance, quote, state, readOverRest }, rules, multiAssets, brackets] = await clock.time(
      Promise.all([
        this.reader.forTarget(request.symbol, sized, request.entry),
        this.exchange.symbolRules(request.symbol) as Promise<SymbolRules>,
        this.multiAssets.get().catch(() => false),
        sized ? this.exchange.leverageBrackets(request.symbol) : undefined,
      ]),
    );
    const from = heldSides(state);
    const readFromLiveState = readOverRest === undefined;
    const base = {
      from,
      orders: [] as OrderAttempt[],
      cancelled: [] as CancelledOrder[],
      resized: [],
      quote,
      readFromLiveState,
    };
    let calculation: CalculationRecord | undefined;
    let size = request.size ?? new Decimal(0);
    if (sized) {
      const wallet = this.config.sizingBalance === 'available' ? balance!.available : balance!.wallet;
      // As buy/sell size: the margin and opening fee must fit, counting what a one-way reversal frees.
      const direction = request.position === 'long' ? 'LONG' : 'SHORT';
      const opposite = state.positions.positions.find((p) => p.direction !== direction);
      const room = marginRoom(balance!.available, state, opposite, quote.price);
      const sizing = computeQuantity({
        balance: wallet,
        balancePercentage: request.balancePercentage!,
        leverage: request.leverage!,
        price: quote.price,
        rules,
        room,
        // The whole target must fit under the leverage bracket's notional cap.
        maxNotional: bracketRoom(brackets, request.leverage!, new Decimal(0)),
      });
      calculation = this.calculationRecord(request, sizing, quote, wallet, room);
      size = sizing.quantity;
    }
    // The account's maximum position value caps what the target adds beyond what is held, as it caps an entry.
    const capped =
      request.position === 'flat'
        ? { size }
        : capTargetSize(
            size,
            request.position === 'long' ? from.long : from.short,
            quote.price,
            request.caps?.maxPositionValue,
            rules.baseAsset,
          );
    size = capped.size;
    const plan = planTarget({
      mode: state.mode,
      held: from,
      target: request.position,
      size,
      price: quote.price,
      rules,
    });
    const finish = (extra: Partial<TargetOutcome>): TargetOutcome => ({
      ...base,
      target: plan.target,
      calculation,
      exchangeMs: clock.elapsed,
      status: 'failed',
      ...extra,
    });
    const protection = asksForProtection(request.protection) ? request.protection : undefined;
    // Protection goes with what the target opens or adds; a target that only reduces or closes says so.
    const unused =
      protection && (plan.kind === 'at-target' || (plan.kind === 'trade' && plan.increase.length === 0))
        ? 'stop_loss / take_profit / trailing_stop not placed: the target opens or adds nothing' +
          (request.position === 'flat' ? '' : " (the position's protection is re-fitted to what remains)")
        : undefined;
    if (plan.kind === 'at-target') {
      return finish({ status: 'skipped', note: [plan.note, capped.note, unused].filter(Boolean).join('; ') });
    }
    if (plan.kind === 'refused') throw new SignalRejection(plan.message, 'TARGET_REFUSED', 422, plan.suggestions);

    if (request.position === 'flat') {
      const closed = await clock.time(this.closer.closeAll(request.symbol, request.signalId, state));
      const error = closed.closed.find((a) => a.error)?.error ?? closed.cancelError;
      return finish({
        status: error ? 'failed' : 'executed',
        orders: closed.closed,
        cancelled: closed.cancelled,
        error,
        note: [plan.note, unused].filter(Boolean).join('; ') || undefined,
      });
    }

    // ISOLATED is refused in Multi-Assets mode: refused when asked for, CROSSED when only the default.
    const recheck = multiAssets && request.marginType === 'ISOLATED';
    const multiAssetsNow = recheck ? await clock.time(this.multiAssets.refresh()) : multiAssets;
    const resolved = resolveMarginType(request.marginType, this.config.defaultMarginType, multiAssetsNow);
    const marginType = resolved.marginType;
    const stillHeld = plan.increase.length > 0 && this.keepsAPosition(from, plan.reduce);
    const needsMarginType = plan.increase.length > 0 && state.positions.marginType !== marginType && !stillHeld;
    if (plan.increase.length && stillHeld && request.marginType && state.positions.marginType !== request.marginType) {
      throw new SignalRejection(
        `margin_type ${request.marginType} differs from the ${state.positions.marginType} margin of the position ` +
          `held on ${request.symbol}, and Binance refuses a margin type change while a position is open: ` +
          'nothing was sent',
        'TARGET_REFUSED',
        422,
        ['Leave margin_type out to add with the current margin type', 'Or go flat first, then send the target'],
      );
    }
    // Opening or adding at a leverage above the account's maximum is refused before any order.
    const leverageRefusal =
      plan.increase.length > 0
        ? targetLeverageRefusal(request.leverage, state.positions.leverage, request.caps?.maxLeverage, request.symbol)
        : undefined;
    if (leverageRefusal) throw leverageRefusal;
    const needsLeverage =
      plan.increase.length > 0 && request.leverage !== undefined && state.positions.leverage !== request.leverage;
    const reversal = state.mode === 'one-way' && !needsMarginType ? asOneWayReversal(plan, rules) : undefined;
    const steps = reversal ? [[reversal]] : [plan.reduce, plan.increase];
    // A reversal leaves the closed position's conditional orders behind: cancel them beside the orders.
    const reverses = plan.reduce.some((l) => l.purpose.startsWith('CLOSE_')) && plan.increase.length > 0;
    const conditional = state.conditionalOrders ?? [];
    const direction: PositionDirection = request.position === 'long' ? 'LONG' : 'SHORT';
    // No open or add without the protection it asked for: every trigger is checked before any order.
    if (protection && plan.increase.length) {
      const planned = planProtection({
        request: protection,
        symbol: request.symbol,
        direction,
        reference: quote.price,
        quantity: plan.target,
        rules,
        mode: state.mode,
        clientAlgoId: (code) => code,
      });
      if (!reverses) refuseForeignStop(conditional, planned.find((p) => p.kind === 'STOP_LOSS')?.order);
    }
    const cancelling =
      reverses && conditional.length ? cancelListedOrders(this.exchange, request.symbol, [], conditional) : undefined;

    const orders: OrderAttempt[] = [];
    let error: ExchangeError | Error | undefined;
    for (const [index, legs] of steps.entries()) {
      if (!legs.length) continue;
      const increasing = legs === plan.increase || legs[0] === reversal;
      if (increasing && (needsLeverage || needsMarginType)) {
        try {
          await clock.time(
            Promise.all([
              needsLeverage ? this.exchange.setLeverage(request.symbol, request.leverage!) : undefined,
              needsMarginType ? this.exchange.setMarginType(request.symbol, marginType) : undefined,
            ]),
          );
        } catch (settingsError) {
          if (settingsError instanceof ExchangeError && settingsError.code === -4168) this.multiAssets.remember(true);
          error = explainSettingError(settingsError, state.positions.leverage, request.leverage ?? 0) as Error;
          break;
        }
      }
      const attempts = await clock.time(sendIndependentOrders(this.exchange, this.orders(legs, request, rules)));
      orders.push(...attempts);
      error = attempts.find((a) => a.error)?.error;
      if (error || index === steps.length - 1) break;
    }
    const cancels = cancelling ? await clock.time(cancelling) : undefined;
    // What remains of a reduced position keeps protection that fits it (recorded and followed by the monitor).
    const protectionFit: ResizeOutcome = { resized: [], cancelled: [] };
    if (!error && !reverses) {
      for (const [i, leg] of plan.reduce.entries()) {
        const before = state.positions.positions.find(
          (p) => p.positionSide === leg.positionSide || state.mode === 'one-way',
        );
        if (!before || !before.quantity.gt(leg.quantity)) continue;
        const reduction = { signalId: request.signalId, before, firstIndex: 1 + i * 10 };
        const fitted = await clock.time(
          this.resizer.replaceForPosition(request.symbol, before.positionSide, reduction),
        );
        protectionFit.resized.push(...fitted.resized);
        protectionFit.cancelled.push(...fitted.cancelled);
        protectionFit.error ??= fitted.error;
      }
    }
    const placed =
      !error && protection && plan.increase.length
        ? await clock.time(this.protect(request, protection, direction, orders, rules, reverses ? [] : conditional))
        : undefined;
    const problems = [
      cancels?.error && `Cancelling the conditional orders of ${request.symbol} failed: ${cancels.error.message}`,
      protectionFit.error &&
        `Resizing the protection orders failed (${protectionFit.error.message}): check them on Binance`,
      placed?.failure?.message,
    ].filter(Boolean);
    const failure = placed?.failure;
    return finish({
      status: error || failure ? 'failed' : 'executed',
      orders: failure?.closeAttempt ? [...orders, failure.closeAttempt] : orders,
      cancelled: [...(cancels?.cancelled ?? []), ...protectionFit.cancelled, ...(placed?.replaced ?? [])],
      resized: protectionFit.resized,
      protection: placed,
      error: error ?? (failure ? new ProtectionFailedError(failure) : undefined),
      note:
        [plan.note, capped.note, needsMarginType ? resolved.note : undefined, unused, ...problems]
          .filter(Boolean)
          .join('; ') || undefined,
    });
  }

  /** Places the protection for the whole side the target now holds, from the open or add's fill price. */
  private async protect(
    request: TargetRequest,
    protection: ProtectionRequest,
    direction: PositionDirection,
    orders: OrderAttempt[],
    rules: SymbolRules,
    existing: ConditionalOrder[],
  ): Promise<ProtectionOutcome> {
    const fills = orders.filter((a) => (a.purpose === 'OPEN' || a.purpose === 'REVERSAL') && a.result);
    const filled = fills.reduce((sum, a) => sum.add(a.result!.executedQty), new Decimal(0));
    const paid = fills.reduce((sum, a) => sum.add(a.result!.executedQty.mul(a.result!.avgPrice)), new Decimal(0));
    const state = await this.positions.read(request.symbol);
    const held = state.positions.positions.find((p) => p.direction === direction);
    if (!held || filled.isZero()) {
      return { records: [], replaced: [] };
    }
    return this.protection.protect(
      request.signalId,
      protection,
      {
        symbol: request.symbol,
        direction,
        mode: state.mode,
        quantity: held.quantity,
        fillPrice: paid.div(filled),
        entryPrice: held.entryPrice,
      },
      rules,
      existing,
    );
  }

  /** Whether a position stays open through the increase step (an add to the side held). */
  private keepsAPosition(from: HeldSides, reduce: TargetLeg[]): boolean {
    const closesLong = reduce.some((l) => l.purpose === 'CLOSE_LONG');
    const closesShort = reduce.some((l) => l.purpose === 'CLOSE_SHORT');
    return (from.long.gt(0) && !closesLong) || (from.short.gt(0) && !closesShort);
  }

  /** Each leg's pieces (at most the market lot maximum each), each with its own client order id. */
  private orders(legs: TargetLeg[], request: TargetRequest, rules: SymbolRules): PlannedOrder[] {
    return legs.flatMap((leg) =>
      pieces(leg, rules).map((quantity, i): PlannedOrder => {
        const order: OrderRequest = {
          symbol: request.symbol,
          side: leg.side,
          positionSide: leg.positionSide,
          type: 'MARKET',
          quantity,
          reduceOnly: leg.reduceOnly || undefined,
          clientOrderId: clientOrderId(request.signalId, leg.purpose, i + 1),
        };
        return { purpose: leg.purpose, request: order };
      }),
    );
  }

  private calculationRecord(
    request: TargetRequest,
    sizing: Sizing,
    quote: PriceQuote,
    balance: Decimal,
    room: MarginRoom,
  ): CalculationRecord {
    return {
      balance,
      balanceSource: this.config.sizingBalance,
      balancePercentage: request.balancePercentage!,
      leverage: request.leverage!,
      ...sizingRecord(sizing, quote, room),
    };
  }
}
