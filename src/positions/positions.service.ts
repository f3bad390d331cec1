/**
 * Owns reading, closing and cancelling on a symbol: the seed's CLOSE flow
 * (close the long and the short, cancel every open order), with the closing
 * orders and the cancel sent in parallel.
 */
import { Inject, Injectable } from '@nestjs/common';
import { EXCHANGE, ExchangePort, OpenOrder, OpenPosition, PositionMode, SymbolPositions } from '../exchange/exchange.port';
import { PositionModeCache } from './position-mode.cache';
import type { OrderAttempt } from '../journal/signal-record';
import { closingOrder, closingPurpose } from './closing-orders';
import { sendOrders } from './order-sender';

export interface SymbolState {
  positions: SymbolPositions;
  mode: PositionMode;
  /** Present when read together with the positions (close flow). */
  openOrders?: OpenOrder[];
}

export interface CloseOutcome {
  closed: OrderAttempt[];
  cancelledOrderIds: string[];
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

  /** Positions, mode and open orders in one parallel read (one round trip). */
  async readWithOrders(symbol: string): Promise<SymbolState> {
    const [state, openOrders] = await Promise.all([this.read(symbol), this.exchange.openOrders(symbol)]);
    return { ...state, openOrders };
  }

  /** Closes every position of the symbol and cancels its open orders. */
  async closeAll(symbol: string, signalId: string, known?: SymbolState): Promise<CloseOutcome> {
    const state = known?.openOrders ? known : await this.readWithOrders(symbol);
    const openOrders = state.openOrders ?? [];
    const held = state.positions.positions;
    const planned = held.map((position) => ({ purpose: closingPurpose(position), request: closingOrder(position, signalId) }));
    const [closed] = await Promise.all([
      sendOrders(this.exchange, planned),
      openOrders.length ? this.exchange.cancelAllOpenOrders(symbol) : Promise.resolve(),
    ]);
    return { closed, cancelledOrderIds: openOrders.map((o) => o.orderId), held };
  }
}
