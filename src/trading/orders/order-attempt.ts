/**
 * Trading's words for the orders it sends: why each was sent, what came back (or that the answer was
 * lost and how it was settled), and the orders a signal cancelled. The journal records them as given.
 */
import type { OrderRequest, OrderResult } from '../../exchange/exchange.port';
import type { ExchangeError } from '../../exchange/exchange-error';

/** Why an order was sent (orders.purpose). */
export const ORDER_PURPOSES = [
  'CLOSE_OPPOSITE',
  'OPEN',
  'REVERSAL',
  'CLOSE_LONG',
  'CLOSE_SHORT',
  /** Part of a position closed: a partial exit, or a target position smaller than the one held. */
  'REDUCE_LONG',
  'REDUCE_SHORT',
  /** A position flattened because its protection could not be placed (PROTECTION_FAILURE=close). */
  'CLOSE_UNPROTECTED',
] as const;
export type OrderPurpose = (typeof ORDER_PURPOSES)[number];

/** One order as sent, with what came back: the result, or the error. */
export interface OrderAttempt {
  purpose: OrderPurpose;
  request: OrderRequest;
  result?: OrderResult;
  error?: ExchangeError;
  sentAt: Date;
  answeredAt: Date;
  /** How an order whose answer was lost was settled (found, sent again, not executed, unknown). */
  note?: string;
  /** Its answer was lost, but it is known never to have executed (absent once its recvWindow ran out). */
  notExecuted?: boolean;
}

/** An order a signal cancelled on the exchange: a resting order or a conditional (algo) order. */
export interface CancelledOrder {
  kind: 'regular' | 'conditional';
  /** orderId, or algoId for a conditional order. */
  orderId: string;
  /** clientOrderId, or clientAlgoId. */
  clientOrderId: string;
  symbol: string;
  type: string;
  side: string;
  positionSide: string;
  quantity: string;
  /** Conditional orders: the trigger price; regular: the limit price. */
  price: string;
  closePosition?: boolean;
}
