/**
 * The close flow: closes the long and the short of a symbol and cancels every open order, the
 * conditional ones included, with the closing orders and the cancels sent in parallel. What is held
 * comes from the live account state when it is fresh (the close is then only its orders), else from REST.
 */
import { Inject, Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { EXCHANGE, ExchangePort, OpenPosition } from '../../exchange/exchange.port';
import { ExchangeError } from '../../exchange/exchange-error';
import type { CancelledOrder, OrderAttempt } from '../orders/order-attempt';
import { PositionsService, SymbolState } from '../../positions/positions.service';
import { AccountReader, ReadFrom } from '../../positions/account-reader.service';
import { sendIndependentOrders } from '../orders/batched-orders';
import { cancelListedOrders } from '../orders/order-cancellation';
import { ExchangeClock } from '../exchange-clock';
import { closingOrders, closingPurpose } from './closing-orders';

export interface CloseOutcome {
  closed: OrderAttempt[];
  cancelled: CancelledOrder[];
  /** A cancel that failed: those orders may still be live. */
  cancelError?: ExchangeError;
  /** Positions held before the close (empty: nothing to do). */
  held: OpenPosition[];
}

/** The close flow's result: skipped (state-aware and already flat), executed, or failed with the error. */
export interface CloseResult extends CloseOutcome, ReadFrom {
  status: 'skipped' | 'executed' | 'failed';
  note?: string;
  /** The first closing order that failed, else the cancel that failed. */
  error?: ExchangeError;
  exchangeMs: number;
}

@Injectable()
export class CloseService {
  constructor(
    @Inject(EXCHANGE) private readonly exchange: ExchangePort,
    private readonly positions: PositionsService,
    private readonly reader: AccountReader,
  ) {}

  /**
   * A close alert: on a state-aware route an already flat symbol is skipped. A close whose orders
   * could not all be cancelled is not done (failed): a stop left armed can still trade.
   */
  async close(symbol: string, signalId: string, stateAware: boolean): Promise<CloseResult> {
    const clock = new ExchangeClock();
    const { state, readOverRest } = await clock.time(this.reader.forClose(symbol));
    const readFromLiveState = readOverRest === undefined;
    if (stateAware && state.positions.positions.length === 0) {
      const note = `Already flat on ${symbol}: nothing to close`;
      const nothing = { closed: [], cancelled: [], held: [], readFromLiveState };
      return { status: 'skipped', note, ...nothing, exchangeMs: clock.elapsed };
    }
    const result = { ...(await clock.time(this.closeAll(symbol, signalId, state))), readFromLiveState };
    const exchangeMs = clock.elapsed;
    const error = result.closed.find((a) => a.error)?.error ?? result.cancelError;
    if (error) {
      const cancelFailure = result.cancelError?.message;
      const note = cancelFailure ? `Cancelling the symbol's open orders failed: ${cancelFailure}` : undefined;
      return { ...result, status: 'failed', error, note, exchangeMs };
    }
    const note = result.held.length === 0 && result.cancelled.length === 0 ? 'Nothing to close' : undefined;
    return { ...result, status: 'executed', note, exchangeMs };
  }

  /**
   * Closes every position of the symbol and cancels its open orders, the
   * conditional ones included: a stop loss or take profit left armed after a
   * close could later open or cut a new position.
   */
  async closeAll(symbol: string, signalId: string, known?: SymbolState): Promise<CloseOutcome> {
    const state = known?.openOrders && known.conditionalOrders ? known : await this.positions.readWithOrders(symbol);
    const held = state.positions.positions;
    // Symbol rules come from memory: the market lot maximum splits a large position's close.
    const marketMaxQty = (await this.exchange.symbolRules(symbol))?.marketMaxQty ?? new Decimal(0);
    const planned = held.flatMap((position) => {
      const purpose = closingPurpose(position);
      return closingOrders(position, signalId, marketMaxQty).map((request) => ({ purpose, request }));
    });
    const [closed, cancels] = await Promise.all([
      sendIndependentOrders(this.exchange, planned),
      cancelListedOrders(this.exchange, symbol, state.openOrders ?? [], state.conditionalOrders ?? []),
    ]);
    return { closed, cancelled: cancels.cancelled, cancelError: cancels.error, held };
  }
}
