/**
 * Owns reading, closing and cancelling on a symbol: the seed's CLOSE flow
 * (close the long and the short, cancel every open order, conditional orders
 * included), with the closing orders and the cancels sent in parallel.
 */
import { Inject, Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import {
  ConditionalOrder,
  EXCHANGE,
  ExchangePort,
  OpenOrder,
  OpenPosition,
  PositionMode,
  SymbolPositions,
} from '../exchange/exchange.port';
import { ExchangeError } from '../exchange/exchange-error';
import { PositionModeCache } from './position-mode.cache';
import type { CancelledOrder, OrderAttempt } from '../journal/signal-record';
import { cancelListedOrders } from './order-cancellation';
import { closingOrders, closingPurpose } from './closing-orders';
import { sendIndependentOrders } from './batched-orders';

export interface SymbolState {
  positions: SymbolPositions;
  mode: PositionMode;
  /** Present when read together with the positions (close flow). */
  openOrders?: OpenOrder[];
  /** Stop / take-profit / trailing orders in the Algo Order service, which openOrders does not list. */
  conditionalOrders?: ConditionalOrder[];
}

export interface CloseOutcome {
  closed: OrderAttempt[];
  cancelled: CancelledOrder[];
  /** A cancel that failed: those orders may still be live. */
  cancelError?: ExchangeError;
  /** Positions held before the close (empty: nothing to do). */
  held: OpenPosition[];
}

@Injectable()
export class PositionsService {
  constructor(
    @Inject(EXCHANGE) private readonly exchange: ExchangePort,
    private readonly modes: PositionModeCache,
  ) {}

  async read(symbol: string): Promise<SymbolState> {
    const [positions, cachedMode] = await Promise.all([this.exchange.positions(symbol), this.modes.get()]);
    // Position risk itself tells the mode; the cache only covers an empty answer.
    if (positions.mode && positions.mode !== cachedMode) this.modes.remember(positions.mode);
    return { positions, mode: positions.mode ?? cachedMode };
  }

  /** Positions, mode, open orders and open conditional orders in one parallel read (one round trip). */
  async readWithOrders(symbol: string): Promise<SymbolState> {
    const [state, openOrders, conditionalOrders] = await Promise.all([
      this.read(symbol),
      this.exchange.openOrders(symbol),
      this.exchange.openConditionalOrders(symbol),
    ]);
    return { ...state, openOrders, conditionalOrders };
  }

  /**
   * Closes every position of the symbol and cancels its open orders, the
   * conditional ones included: a stop loss or take profit left armed after a
   * close could later open or cut a new position.
   */
  async closeAll(symbol: string, signalId: string, known?: SymbolState): Promise<CloseOutcome> {
    const state = known?.openOrders && known.conditionalOrders ? known : await this.readWithOrders(symbol);
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
