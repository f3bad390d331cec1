/** The MARKET orders that close positions, per position mode (pure). */
import type { OpenPosition, OrderRequest } from '../exchange/exchange.port';
import type { OrderPurpose } from '../journal/signal-record';
import { clientOrderId } from '../trading/client-order-id';

export function closingPurpose(position: OpenPosition): OrderPurpose {
  return position.direction === 'LONG' ? 'CLOSE_LONG' : 'CLOSE_SHORT';
}

/**
 * One-way mode closes with a reduce-only order on BOTH; hedge mode closes by
 * trading against the position side (reduce-only is implied and not accepted).
 */
export function closingOrder(position: OpenPosition, signalId: string, purpose: OrderPurpose = closingPurpose(position)): OrderRequest {
  return {
    symbol: position.symbol,
    side: position.direction === 'LONG' ? 'SELL' : 'BUY',
    positionSide: position.positionSide,
    type: 'MARKET',
    quantity: position.quantity,
    reduceOnly: position.positionSide === 'BOTH' ? true : undefined,
    clientOrderId: clientOrderId(signalId, purpose),
  };
}
