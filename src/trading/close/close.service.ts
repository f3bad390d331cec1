/**
 * The close flow: closes the long and the short of a symbol and cancels every open order, the
 * conditional ones included, with the closing orders and the cancels sent in parallel.
 */
import { Inject, Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { EXCHANGE, ExchangePort, OpenPosition } from '../../exchange/exchange.port';
import { ExchangeError } from '../../exchange/exchange-error';
import type { CancelledOrder, OrderAttempt } from '../orders/order-attempt';
import { PositionsService, SymbolState } from '../../positions/positions.service';
import { sendIndependentOrders } from '../orders/batched-orders';
import { cancelListedOrders } from '../orders/order-cancellation';
import { closingOrders, closingPurpose } from './closing-orders';

export interface CloseOutcome {
  closed: OrderAttempt[];
  cancelled: CancelledOrder[];
  /** A cancel that failed: those orders may still be live. */
  cancelError?: ExchangeError;
  /** Positions held before the close (empty: nothing to do). */
  held: OpenPosition[];
}

@Injectable()
export class CloseService {
  constructor(
    @Inject(EXCHANGE) private readonly exchange: ExchangePort,
    private readonly positions: PositionsService,
  ) {}

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
