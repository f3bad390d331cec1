/** The MARKET orders that close positions, per position mode (pure). */
import Decimal from 'decimal.js';
import type { OpenPosition, OrderRequest } from '../../exchange/exchange.port';
import type { OrderPurpose } from '../orders/order-attempt';
import { clientOrderId } from '../client-order-id';

export function closingPurpose(position: OpenPosition): OrderPurpose {
  return position.direction === 'LONG' ? 'CLOSE_LONG' : 'CLOSE_SHORT';
}

/**
 * One-way mode closes with a reduce-only order on BOTH; hedge mode closes by
 * trading against the position side (reduce-only is implied and not accepted).
 */
export function closingOrder(
  position: OpenPosition,
  signalId: string,
  purpose: OrderPurpose = closingPurpose(position),
): OrderRequest {
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

/**
 * The orders that close a position whole. Binance refuses a MARKET order above
 * the symbol's MARKET_LOT_SIZE maxQty (-4005), reduce-only ones included, yet
 * a position can be larger (several buys, limit or manual trades): such a
 * position is closed in pieces of at most maxQty, each with its own client
 * order id. `marketMaxQty` 0 means no maximum.
 */
export function closingOrders(
  position: OpenPosition,
  signalId: string,
  marketMaxQty: Decimal,
  purpose: OrderPurpose = closingPurpose(position),
): OrderRequest[] {
  const whole = closingOrder(position, signalId, purpose);
  if (marketMaxQty.lte(0) || position.quantity.lte(marketMaxQty)) return [whole];
  const pieces: OrderRequest[] = [];
  let left = position.quantity;
  for (let part = 1; left.gt(0); part++) {
    const quantity = Decimal.min(left, marketMaxQty);
    pieces.push({ ...whole, quantity, clientOrderId: clientOrderId(signalId, purpose, part) });
    left = left.sub(quantity);
  }
  return pieces;
}
