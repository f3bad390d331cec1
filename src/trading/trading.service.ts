/**
 * Owns the BUY and SELL flows: size the position from the balance,
 * close the opposite position, make leverage and margin type as asked, and
 * open with a MARKET order. Balance, price, positions and conditional orders
 * come from the live account state when it is fresh (the trade is then only
 * its orders), else from REST reads in parallel (AccountReader); leverage and margin
 * type are only sent when position risk shows they differ; a reversal costs
 * one order (one-way) or one batch (hedge) when Binance's rules allow it, two
 * steps otherwise (see plan), and cancels the symbol's conditional orders
 * (listed with the reads, cancelled beside the orders).
 * Protection asked for (stop loss, take profits, trailing stop) is checked
 * against the price before the entry and placed once it filled.
 */
import { Inject, Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import { EXCHANGE, ExchangePort, OpenPosition, OrderResult, PriceQuote } from '../exchange/exchange.port';
import { MarginType } from '../common/margin-types';
import { ExchangeError } from '../exchange/exchange-error';
import { SymbolRules } from '../exchange/symbol-rules';
import type { CalculationRecord } from '../journal/signal-record';
import type { CancelledOrder, OrderAttempt } from './orders/order-attempt';
import { MAX_BATCH_ORDERS, sendIndependentOrders } from './orders/batched-orders';
import { cancelListedOrders, CancelOutcome } from './orders/order-cancellation';
import { closingOrders } from './close/closing-orders';
import { MultiAssetsModeCache } from '../positions/multi-assets-mode.cache';
import { PlannedOrder } from './orders/order-sender';
import { SymbolState } from '../positions/positions.service';
import { AccountReader, ReadFrom } from '../positions/account-reader.service';
import { bracketRoom, explainSettingError, openFitsBeforeClose, resolveMarginType } from './account-settings';
import { clientOrderId } from './client-order-id';
import { marginRoom } from './margin-room';
import { sizingRecord } from './sizing-record';
import { computeQuantity, MarginRoom, Sizing, SizingMode } from './position-sizing';
import { ExchangeClock } from './exchange-clock';
import { refuseForeignStop } from './protection/close-all-conflict';
import { planProtection } from './protection/protection-plan';
import { ProtectionFailedError } from './protection/protection-failed.error';
import { asksForProtection, ProtectionRequest } from './protection/protection-request';
import { ProtectionOutcome, ProtectionService } from './protection/protection.service';

export interface OpenRequest {
  signalId: string;
  symbol: string;
  action: 'buy' | 'sell';
  /** The basic sizing; `sizing` wins when given. */
  balancePercentage?: Decimal;
  sizing?: SizingMode;
  protection?: ProtectionRequest;
  leverage: number;
  entry?: Decimal;
  marginType?: MarginType;
  /** State-aware route: do nothing when already positioned this way. */
  stateAware: boolean;
  /** The account's largest position value (USDT) on the symbol, when it has one: caps the entry. */
  maxPositionValue?: Decimal;
  /** The account's sizing multiplier, which already scaled the sizes here: for the advice's figures. */
  sizingMultiplier?: Decimal;
}

export interface OpenOutcome extends ReadFrom {
  status: 'executed' | 'skipped' | 'failed';
  note?: string;
  calculation?: CalculationRecord;
  sizing?: Sizing;
  quote?: PriceQuote;
  marginType: MarginType;
  orders: OrderAttempt[];
  mainOrder?: OrderResult;
  oppositeClosed?: OpenPosition;
  /** Conditional orders a reversal cancelled (those of the position it closed). */
  cancelledOrders?: CancelledOrder[];
  /** The protection placed after the entry (and what happened when it could not be). */
  protection?: ProtectionOutcome;
  /** Why the trade failed (after any orders that did go through). */
  error?: Error;
  exchangeMs: number;
}

/** What the order phase of a trade works with, decided by the reads and the sizing. */
interface TradeContext {
  request: OpenRequest;
  state: SymbolState;
  sizing: Sizing;
  rules: SymbolRules;
  opposite?: OpenPosition;
  same?: OpenPosition;
  marginType: MarginType;
  /** USDT available before any order: decides whether a hedge reversal fits one batch. */
  available: Decimal;
  clock: ExchangeClock;
  orders: OrderAttempt[];
  finish: (extra: Partial<OpenOutcome>) => OpenOutcome;
}

@Injectable()
export class TradingService {
  constructor(
    @Inject(EXCHANGE) private readonly exchange: ExchangePort,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reader: AccountReader,
    private readonly multiAssets: MultiAssetsModeCache,
    private readonly protection: ProtectionService,
  ) {}

  async open(request: OpenRequest): Promise<OpenOutcome> {
    const clock = new ExchangeClock();
    const direction = request.action === 'buy' ? 'LONG' : 'SHORT';

    // Conditional orders are listed with the reads, so a reversal can cancel them without another round trip.
    // Multi-Assets mode and the leverage brackets are cached (like the position mode and the symbol
    // rules): read with the rest, they add no round trip.
    const [reading, rules, multiAssets, brackets] = await clock.time(
      Promise.all([
        this.reader.forOpen(request.symbol, request.entry),
        this.exchange.symbolRules(request.symbol),
        this.multiAssets.get().catch(() => false), // unknown: Binance's -4168 still tells, with advice
        this.exchange.leverageBrackets(request.symbol),
      ]),
    );
    const { balance, quote, state } = reading;
    const conditional = state.conditionalOrders ?? [];
    // A signal is only refused for ISOLATED on a fresh answer, never on a cached one.
    const recheck = multiAssets && request.marginType === 'ISOLATED';
    const multiAssetsNow = recheck ? await clock.time(this.multiAssets.refresh()) : multiAssets;
    const resolved = resolveMarginType(request.marginType, this.config.defaultMarginType, multiAssetsNow);
    const { marginType, note: marginNote } = resolved;
    const held = state.positions.positions;
    const opposite = held.find((p) => p.direction !== direction);
    const same = held.find((p) => p.direction === direction);
    const readFromLiveState = reading.readOverRest === undefined;
    const base = { marginType, orders: [] as OrderAttempt[], quote, readFromLiveState };

    if (request.stateAware && same && !opposite) {
      return {
        ...base,
        status: 'skipped',
        note: `Already ${direction.toLowerCase()} ${same.quantity.toString()} ${request.symbol}: nothing to do`,
        exchangeMs: clock.elapsed,
      };
    }

    const room = marginRoom(balance.available, state, opposite, quote.price);
    const sizedFrom = this.config.sizingBalance === 'available' ? balance.available : balance.wallet;
    const protection = asksForProtection(request.protection) ? request.protection : undefined;
    // Risk sizing measures the distance to the stop as it will be placed (on the tick).
    const stopPrice = protection?.stopLoss
      ? this.stopPrice(request, protection, quote.price, rules!, state)
      : undefined;
    const heldValue = same ? same.quantity.mul(quote.price) : new Decimal(0);
    const sizing = computeQuantity({
      balance: sizedFrom,
      balancePercentage: request.balancePercentage,
      mode: request.sizing,
      stopPrice,
      leverage: request.leverage,
      price: quote.price,
      rules: rules as SymbolRules,
      room,
      // Binance caps the position (not the order) at the bracket's notional for the leverage; the
      // account may cap it lower.
      maxNotional: bracketRoom(brackets, request.leverage, heldValue),
      accountCap: request.maxPositionValue && { maxPositionValue: request.maxPositionValue, held: heldValue },
      sizingMultiplier: request.sizingMultiplier,
    });
    // No entry without the protection it asked for: every trigger is checked before any order.
    if (protection) {
      const planned = planProtection({
        request: protection,
        symbol: request.symbol,
        direction,
        reference: quote.price,
        quantity: sizing.quantity.add(same?.quantity ?? 0),
        rules: rules!,
        mode: state.mode,
        clientAlgoId: (code) => code,
      });
      // The trader's own close-all stop on that side would refuse ours (-4130); a reversal cancels it.
      if (!opposite) refuseForeignStop(conditional, planned.find((p) => p.kind === 'STOP_LOSS')?.order);
    }
    const calculation = this.calculationRecord(request, sizing, quote, sizedFrom, room, stopPrice);

    const orders: OrderAttempt[] = [];
    const finish = (extra: Partial<OpenOutcome>): OpenOutcome => ({
      ...base,
      calculation,
      sizing,
      orders,
      exchangeMs: clock.elapsed,
      status: 'failed',
      ...extra,
    });
    // A reversal leaves the closed position's stop loss / take profit behind: cancel the symbol's
    // conditional orders, in parallel with the orders (they would otherwise act on the new position).
    const cancelling =
      opposite && conditional.length ? cancelListedOrders(this.exchange, request.symbol, [], conditional) : undefined;
    const outcome = await this.placeTrade({
      request,
      state,
      sizing,
      rules: rules as SymbolRules,
      opposite,
      same,
      marginType,
      available: balance.available,
      clock,
      orders,
      finish,
    });
    const noted = marginNote && outcome.status === 'executed' ? withNote(outcome, marginNote) : outcome;
    const traded = cancelling ? withCancellations(noted, await clock.time(cancelling)) : noted;
    if (!protection || traded.status !== 'executed') return traded;
    // After the reversal's cancel (it cancels every conditional order of the symbol), never before it.
    const existing = opposite ? [] : conditional;
    return this.protect(traded, request, protection, { same, opposite, rules: rules!, state, clock, existing });
  }

  /** The stop loss trigger as it will be placed before the entry (for risk sizing). */
  private stopPrice(
    request: OpenRequest,
    protection: ProtectionRequest,
    price: Decimal,
    rules: SymbolRules,
    state: SymbolState,
  ): Decimal {
    const [stop] = planProtection({
      request: { ...protection, takeProfits: [], trailingStop: undefined },
      symbol: request.symbol,
      direction: request.action === 'buy' ? 'LONG' : 'SHORT',
      reference: price,
      quantity: new Decimal(0),
      rules,
      mode: state.mode,
      clientAlgoId: (code) => code,
    });
    return stop.order.triggerPrice!;
  }

  /** Places the entry's protection, sized from the position the entry left; a failure fails the signal. */
  private async protect(
    outcome: OpenOutcome,
    request: OpenRequest,
    protection: ProtectionRequest,
    context: {
      same?: OpenPosition;
      opposite?: OpenPosition;
      rules: SymbolRules;
      state: SymbolState;
      clock: ExchangeClock;
      existing: Awaited<ReturnType<ExchangePort['openConditionalOrders']>>;
    },
  ): Promise<OpenOutcome> {
    const { same, opposite, rules, state, clock } = context;
    const main = outcome.mainOrder!;
    const flipped = outcome.orders.some((a) => a.purpose === 'REVERSAL' && a.result);
    // A one-way reversal's order closed the opposite position first: the rest is the new one.
    const opened = flipped && opposite ? main.executedQty.sub(opposite.quantity) : main.executedQty;
    const quantity = opened.add(same?.quantity ?? 0);
    const entryPrice = same
      ? same.entryPrice.mul(same.quantity).add(main.avgPrice.mul(opened)).div(quantity)
      : main.avgPrice;
    const result = await clock.time(
      this.protection.protect(
        request.signalId,
        protection,
        {
          symbol: request.symbol,
          direction: request.action === 'buy' ? 'LONG' : 'SHORT',
          mode: state.mode,
          quantity,
          fillPrice: main.avgPrice,
          entryPrice,
        },
        rules,
        context.existing,
      ),
    );
    const cancelledOrders = [...(outcome.cancelledOrders ?? []), ...result.replaced];
    const withProtection = { ...outcome, protection: result, cancelledOrders, exchangeMs: clock.elapsed };
    if (!result.failure) return withProtection;
    const { failure } = result;
    return {
      ...withProtection,
      status: 'failed',
      orders: failure.closeAttempt ? [...outcome.orders, failure.closeAttempt] : outcome.orders,
      error: new ProtectionFailedError(failure),
      note: [outcome.note, failure.message].filter(Boolean).join('; '),
    };
  }

  /** Settings, then the orders: close the opposite position (first, or in the same order/batch) and open. */
  private async placeTrade(trade: TradeContext): Promise<OpenOutcome> {
    const { request, state, sizing, rules, opposite, same, marginType, available, clock, orders, finish } = trade;
    const needsLeverage = state.positions.leverage !== request.leverage;
    const needsMarginType = state.positions.marginType !== marginType;
    // Binance refuses a margin type change while a position is open (-4048): when
    // only the opposite position stands in the way, close it first.
    const closeFirst = needsMarginType && !!opposite && !same;

    const closeOpposite = () => this.closeOpposite(opposite!, request.signalId, rules);

    if (closeFirst) {
      const closed = await clock.time(sendIndependentOrders(this.exchange, closeOpposite()));
      orders.push(...closed);
      const failed = closed.find((a) => a.error);
      if (failed) return finish({ error: failed.error });
    }
    try {
      await clock.time(
        Promise.all([
          needsLeverage ? this.exchange.setLeverage(request.symbol, request.leverage) : undefined,
          needsMarginType ? this.exchange.setMarginType(request.symbol, marginType) : undefined,
        ]),
      );
    } catch (error) {
      if (error instanceof ExchangeError && error.code === -4168) this.multiAssets.remember(true);
      const explained = explainSettingError(error, state.positions.leverage, request.leverage) as Error;
      return finish({ error: explained, oppositeClosed: closeFirst ? opposite : undefined });
    }

    const attempts: OrderAttempt[] = [];
    const steps = this.plan(request, state, sizing, closeFirst ? undefined : opposite, rules, available);
    for (const step of steps) {
      attempts.push(...(await clock.time(sendIndependentOrders(this.exchange, step))));
    }
    let openAttempt = attempts.find((a) => a.purpose === 'OPEN' || a.purpose === 'REVERSAL')!;
    if (openAttempt.purpose === 'REVERSAL' && openAttempt.error?.kind === 'rejected') {
      // The combined order was refused (margin, notional…): still honour the
      // close half of the signal, as a reversal closes before it opens.
      attempts.push(...(await clock.time(sendIndependentOrders(this.exchange, closeOpposite()))));
    }
    const batchedWithClose = steps.some((step) => step.length > 1 && step.some((p) => p.purpose === 'OPEN'));
    const closesDone = attempts.filter((a) => a.purpose === 'CLOSE_OPPOSITE').every((a) => a.result);
    if (batchedWithClose && openAttempt.error?.code === -2019 && closesDone) {
      // Binance margin-checked the open before the close in the same batch had
      // freed its margin (the batch runs concurrently): now that the close is
      // done, the open goes alone, under its own client order id.
      const again = this.openOrder(request, state, sizing.quantity, 'OPEN', 2);
      const [retry] = await clock.time(sendIndependentOrders(this.exchange, [again]));
      attempts.push(retry);
      openAttempt = retry;
    }
    orders.push(...attempts);

    const closedOpposite =
      closeFirst || attempts.some((a) => (a.purpose === 'CLOSE_OPPOSITE' || a.purpose === 'REVERSAL') && a.result)
        ? opposite
        : undefined;
    if (openAttempt.error) return finish({ error: openAttempt.error, oppositeClosed: closedOpposite });
    const closeError = attempts.find((a) => a.purpose === 'CLOSE_OPPOSITE' && a.error)?.error;
    return finish({
      status: 'executed',
      mainOrder: openAttempt.result,
      oppositeClosed: closedOpposite,
      note: closeError ? `Opened, but closing the opposite position failed: ${closeError.message}` : undefined,
    });
  }

  /**
   * The orders for the trade, as steps sent one after another (the orders of a
   * step go out together): open; or reverse in one order (one-way) or one
   * batch (hedge, where the two sides are separate positions).
   *
   * Binance runs a batch's items concurrently, in no guaranteed order, each
   * margin-checked against the account as it was before the batch: margin the
   * close frees does not count for the open beside it (-2019). So a hedge
   * reversal is one batch (one round trip) only when the open fits the margin
   * available before the close; otherwise the close goes first and the open
   * after it (two round trips, the least that still ends reversed).
   */
  private plan(
    request: OpenRequest,
    state: SymbolState,
    sizing: Sizing,
    opposite: OpenPosition | undefined,
    rules: SymbolRules,
    available: Decimal,
  ): PlannedOrder[][] {
    const open = (purpose: 'OPEN' | 'REVERSAL', quantity: Decimal) => this.openOrder(request, state, quantity, purpose);
    if (!opposite) return [[open('OPEN', sizing.quantity)]];
    const closes = this.closeOpposite(opposite, request.signalId, rules);
    if (state.mode === 'hedge') {
      const fits = openFitsBeforeClose(available, sizing.notional, request.leverage);
      const together = fits && closes.length < MAX_BATCH_ORDERS;
      return together ? [[...closes, open('OPEN', sizing.quantity)]] : [closes, [open('OPEN', sizing.quantity)]];
    }
    // One-way: one order flips the position. Above the market lot maximum it
    // takes several, in sequence: a batch's orders may execute in any order, and
    // a one-way open executed first would net against the position being closed.
    const combined = opposite.quantity.add(sizing.quantity);
    if (rules.marketMaxQty.gt(0) && combined.gt(rules.marketMaxQty)) return [closes, [open('OPEN', sizing.quantity)]];
    return [[open('REVERSAL', combined)]];
  }

  private openOrder(
    request: OpenRequest,
    state: SymbolState,
    quantity: Decimal,
    purpose: 'OPEN' | 'REVERSAL',
    part = 1,
  ): PlannedOrder {
    const side = request.action === 'buy' ? 'BUY' : 'SELL';
    return {
      purpose,
      request: {
        symbol: request.symbol,
        side,
        positionSide: state.mode === 'hedge' ? (side === 'BUY' ? 'LONG' : 'SHORT') : 'BOTH',
        type: 'MARKET',
        quantity,
        clientOrderId: clientOrderId(request.signalId, purpose, part),
      },
    };
  }

  /** The opposite position's closing orders, split at the market lot maximum. */
  private closeOpposite(opposite: OpenPosition, signalId: string, rules: SymbolRules): PlannedOrder[] {
    const requests = closingOrders(opposite, signalId, rules.marketMaxQty, 'CLOSE_OPPOSITE');
    return requests.map((request) => ({ purpose: 'CLOSE_OPPOSITE', request }));
  }

  private calculationRecord(
    request: OpenRequest,
    sizing: Sizing,
    quote: PriceQuote,
    balance: Decimal,
    room: MarginRoom,
    stopPrice?: Decimal,
  ): CalculationRecord {
    const mode = request.sizing ?? { kind: 'balance_percentage' as const, fraction: request.balancePercentage! };
    const given = 'fraction' in mode ? mode.fraction : 'quantity' in mode ? mode.quantity : mode.value;
    return {
      balance,
      balanceSource: this.config.sizingBalance,
      balancePercentage: mode.kind === 'balance_percentage' ? mode.fraction : undefined,
      sizingMode: mode.kind,
      sizingValue: given,
      stopPrice: mode.kind === 'risk_percentage' ? stopPrice : undefined,
      riskCapped: sizing.riskCapped,
      leverage: request.leverage,
      ...sizingRecord(sizing, quote, room),
    };
  }
}

/** Puts a note (the margin type the account forced) before any other. */
function withNote(outcome: OpenOutcome, note: string): OpenOutcome {
  return { ...outcome, note: [note, outcome.note].filter(Boolean).join('; ') };
}

/** Adds a reversal's cancelled conditional orders; a failed cancel is told in the note (the orders went through). */
function withCancellations(outcome: OpenOutcome, cancels: CancelOutcome): OpenOutcome {
  const symbol = outcome.quote?.symbol ?? 'the symbol';
  const failure = cancels.error && `Cancelling the conditional orders of ${symbol} failed: ${cancels.error.message}`;
  const note = [outcome.note, failure].filter(Boolean).join('; ') || undefined;
  return { ...outcome, cancelledOrders: cancels.cancelled, note };
}
