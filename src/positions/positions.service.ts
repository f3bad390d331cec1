/**
 * Owns reading, closing and cancelling on a symbol: the seed's CLOSE flow
 * (close the long and the short, cancel every open order), with the closing
 * orders and the cancel sent in parallel.
 */
import { Inject, Injectable } from '@nestjs/common';
import { EXCHANGE, ExchangePort, OpenPosition, PositionMode, SymbolPositions } from '../exchange/exchange.port';
import type { OrderAttempt } from '../journal/signal-record';
import { closingOrder } from './closing-orders';
import { sendOrders } from './order-sender';

export interface SymbolState {
  positions: SymbolPositions;
  mode: PositionMode;
}

export interface CloseOutcome {
  closed: OrderAttempt[];
  cancelledOrderIds: string[];
  /** Positions held before the close (empty: nothing to do). */
  held: OpenPosition[];
}

@Injectable()
export class PositionsService {
  constructor(@Inject(EXCHANGE) private readonly exchange: ExchangePort) {}

  async read(symbol: string): Promise<SymbolState> {
    const [positions, mode] = await Promise.all([this.exchange.positions(symbol), this.exchange.positionMode()]);
    return { positions, mode };
  }

  /** Closes every position of the symbol and cancels its open orders. */
  async closeAll(symbol: string, signalId: string, known?: SymbolState): Promise<CloseOutcome> {
    const [state, openOrders] = await Promise.all([known ?? this.read(symbol), this.exchange.openOrders(symbol)]);
    const held = state.positions.positions;
    const planned = held.map((position) => ({ purpose: position.direction === 'LONG' ? ('CLOSE_LONG' as const) : ('CLOSE_SHORT' as const), request: closingOrder(position, signalId) }));
    const [closed] = await Promise.all([
      sendOrders(this.exchange, planned),
      openOrders.length ? this.exchange.cancelAllOpenOrders(symbol) : Promise.resolve(),
    ]);
    return { closed, cancelledOrderIds: openOrders.map((o) => o.orderId), held };
  }
}
