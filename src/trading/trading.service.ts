/**
 * Owns the BUY and SELL flows of the seed: size the position from the balance,
 * close the opposite position, make leverage and margin type as asked, and
 * open with a MARKET order. The reads go out in parallel; leverage and margin
 * type are only sent when position risk shows they differ; a reversal costs
 * one order (one-way) or one batch (hedge), and cancels the symbol's
 * conditional orders (listed with the reads, cancelled beside the orders).
 */
import { Inject, Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import { EXCHANGE, ExchangePort, MarginType, OpenPosition, OrderResult, PriceQuote } from '../exchange/exchange.port';
import { SymbolRules } from '../exchange/symbol-rules';
import type { CalculationRecord, CancelledOrder, OrderAttempt } from '../journal/signal-record';
import { cancelListedOrders, CancelOutcome } from '../positions/order-cancellation';
import { closingOrder } from '../positions/closing-orders';
import { PlannedOrder, sendOrders } from '../positions/order-sender';
import { PositionsService, SymbolState } from '../positions/positions.service';
import { clientOrderId } from './client-order-id';
import { marginRoom } from './margin-room';
import { computeQuantity, MarginRoom, roomForMarginAndFee, Sizing } from './position-sizing';
import { ExchangeClock } from './exchange-clock';

export interface OpenRequest {
  signalId: string;
  symbol: string;
  action: 'buy' | 'sell';
  balancePercentage: Decimal;
  leverage: number;
  entry?: Decimal;
  marginType?: MarginType;
  /** State-aware route: do nothing when already positioned this way. */
  stateAware: boolean;
}

export interface OpenOutcome {
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
  clock: ExchangeClock;
  orders: OrderAttempt[];
  finish: (extra: Partial<OpenOutcome>) => OpenOutcome;
}

@Injectable()
export class TradingService {
  constructor(
    @Inject(EXCHANGE) private readonly exchange: ExchangePort,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly positions: PositionsService,
  ) {}

  async open(request: OpenRequest): Promise<OpenOutcome> {
    const clock = new ExchangeClock();
    const marginType = request.marginType ?? this.config.defaultMarginType;
    const direction = request.action === 'buy' ? 'LONG' : 'SHORT';

    // Conditional orders are listed with the reads, so a reversal can cancel them without another round trip.
    const [balance, quote, state, rules, conditional] = await clock.time(
      Promise.all([
        this.exchange.usdtBalance(),
        this.exchange.price(request.symbol, request.entry),
        this.positions.read(request.symbol),
        this.exchange.symbolRules(request.symbol),
        this.exchange.openConditionalOrders(request.symbol),
      ]),
    );
    const held = state.positions.positions;
    const opposite = held.find((p) => p.direction !== direction);
    const same = held.find((p) => p.direction === direction);
    const base = { marginType, orders: [] as OrderAttempt[], quote };

    if (request.stateAware && same && !opposite) {
      return { ...base, status: 'skipped', note: `Already ${direction.toLowerCase()} ${same.quantity.toString()} ${request.symbol}: nothing to do`, exchangeMs: clock.elapsed };
    }

    const room = marginRoom(balance.available, state, opposite, quote.price);
    const sizedFrom = this.config.sizingBalance === 'available' ? balance.available : balance.wallet;
    const sizing = computeQuantity({
      balance: sizedFrom,
      balancePercentage: request.balancePercentage,
      leverage: request.leverage,
      price: quote.price,
      rules: rules as SymbolRules,
      room,
    });
    const calculation = this.calculationRecord(request, sizing, quote, sizedFrom, room);

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
      clock,
      orders,
      finish,
    });
    return cancelling ? withCancellations(outcome, await clock.time(cancelling)) : outcome;
  }

  /** Settings, then the orders: close the opposite position (first, or in the same order/batch) and open. */
  private async placeTrade(trade: TradeContext): Promise<OpenOutcome> {
    const { request, state, sizing, rules, opposite, same, marginType, clock, orders, finish } = trade;
    const needsLeverage = state.positions.leverage !== request.leverage;
    const needsMarginType = state.positions.marginType !== marginType;
    // Binance refuses a margin type change while a position is open (-4048): when
    // only the opposite position stands in the way, close it first.
    const closeFirst = needsMarginType && !!opposite && !same;

    if (closeFirst) {
      const [closed] = await clock.time(sendOrders(this.exchange, [{ purpose: 'CLOSE_OPPOSITE', request: closingOrder(opposite, request.signalId, 'CLOSE_OPPOSITE') }]));
      orders.push(closed);
      if (closed.error) return finish({ error: closed.error });
    }
    try {
      await clock.time(
        Promise.all([
          needsLeverage ? this.exchange.setLeverage(request.symbol, request.leverage) : undefined,
          needsMarginType ? this.exchange.setMarginType(request.symbol, marginType) : undefined,
        ]),
      );
    } catch (error) {
      return finish({ error: error as Error, oppositeClosed: closeFirst ? opposite : undefined });
    }

    let attempts: OrderAttempt[] = [];
    for (const step of this.plan(request, state, sizing, closeFirst ? undefined : opposite, rules)) {
      attempts.push(...(await clock.time(sendOrders(this.exchange, step))));
    }
    const openAttempt = attempts.find((a) => a.purpose === 'OPEN' || a.purpose === 'REVERSAL')!;
    if (openAttempt.purpose === 'REVERSAL' && openAttempt.error?.kind === 'rejected') {
      // The combined order was refused (margin, notional…): still honour the
      // close half of the signal, as the seed's flow closes before it opens.
      attempts = [...attempts, ...(await clock.time(sendOrders(this.exchange, [{ purpose: 'CLOSE_OPPOSITE', request: closingOrder(opposite!, request.signalId, 'CLOSE_OPPOSITE') }])))];
    }
    orders.push(...attempts);

    const closedOpposite = closeFirst || attempts.some((a) => (a.purpose === 'CLOSE_OPPOSITE' || a.purpose === 'REVERSAL') && a.result) ? opposite : undefined;
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
   * step go together, as one batch): open; or reverse in one order (one-way) or
   * one batch (hedge, where the two sides are separate positions).
   */
  private plan(request: OpenRequest, state: SymbolState, sizing: Sizing, opposite: OpenPosition | undefined, rules: SymbolRules): PlannedOrder[][] {
    const side = request.action === 'buy' ? 'BUY' : 'SELL';
    const open = (purpose: 'OPEN' | 'REVERSAL', quantity: Decimal): PlannedOrder => ({
      purpose,
      request: {
        symbol: request.symbol,
        side,
        positionSide: state.mode === 'hedge' ? (side === 'BUY' ? 'LONG' : 'SHORT') : 'BOTH',
        type: 'MARKET',
        quantity,
        clientOrderId: clientOrderId(request.signalId, purpose),
      },
    });
    if (!opposite) return [[open('OPEN', sizing.quantity)]];
    const closing: PlannedOrder = { purpose: 'CLOSE_OPPOSITE', request: closingOrder(opposite, request.signalId, 'CLOSE_OPPOSITE') };
    if (state.mode === 'hedge') return [[closing, open('OPEN', sizing.quantity)]];
    // One-way: one order flips the position. Above the market lot maximum it
    // takes two, in sequence: a batch's orders may execute in any order, and a
    // one-way open executed first would net against the position being closed.
    const combined = opposite.quantity.add(sizing.quantity);
    if (rules.marketMaxQty.gt(0) && combined.gt(rules.marketMaxQty)) return [[closing], [open('OPEN', sizing.quantity)]];
    return [[open('REVERSAL', combined)]];
  }

  private calculationRecord(
    request: OpenRequest,
    sizing: Sizing,
    quote: PriceQuote,
    balance: Decimal,
    room: MarginRoom,
  ): CalculationRecord {
    return {
      balance,
      balanceSource: this.config.sizingBalance,
      balancePercentage: request.balancePercentage,
      leverage: request.leverage,
      price: quote.price,
      priceSource: quote.source,
      positionValue: sizing.positionValue,
      rawQuantity: sizing.rawQuantity,
      quantity: sizing.quantity,
      notional: sizing.notional,
      stepSize: sizing.stepSize,
      minQty: sizing.minQty,
      maxQty: sizing.maxQty,
      minNotional: sizing.minNotional,
      capped: sizing.capped,
      availableBalance: roomForMarginAndFee(room),
      takerFeeRate: room.takerFeeRate,
      openingFee: sizing.openingFee,
      feeCapped: sizing.feeCapped,
    };
  }
}

/** Adds a reversal's cancelled conditional orders; a failed cancel is told in the note (the orders went through). */
function withCancellations(outcome: OpenOutcome, cancels: CancelOutcome): OpenOutcome {
  const symbol = outcome.quote?.symbol ?? 'the symbol';
  const failure = cancels.error && `Cancelling the conditional orders of ${symbol} failed: ${cancels.error.message}`;
  const note = [outcome.note, failure].filter(Boolean).join('; ') || undefined;
  return { ...outcome, cancelledOrders: cancels.cancelled, note };
}
