/**
 * Cancels a symbol's listed orders: resting orders (DELETE allOpenOrders) and
 * conditional orders (DELETE algoOpenOrders, Binance's Algo Order service,
 * which openOrders does not list), each only when the listing found some, in
 * parallel. A failed cancel is data, not an exception: the caller has orders
 * to record whatever happens here.
 */
import { ExchangeError } from '../../exchange/exchange-error';
import type { ConditionalOrder, ExchangePort, OpenOrder } from '../../exchange/exchange.port';
import type { CancelledOrder } from './order-attempt';

export interface CancelOutcome {
  cancelled: CancelledOrder[];
  /** The first cancel that failed: those orders may still be live. */
  error?: ExchangeError;
}

export function regularCancelled(order: OpenOrder): CancelledOrder {
  return {
    kind: 'regular',
    orderId: order.orderId,
    clientOrderId: order.clientOrderId,
    symbol: order.symbol,
    type: order.type,
    side: order.side,
    positionSide: order.positionSide,
    quantity: order.origQty.toString(),
    price: order.price.toString(),
  };
}

export function conditionalCancelled(order: ConditionalOrder): CancelledOrder {
  return {
    kind: 'conditional',
    orderId: order.algoId,
    clientOrderId: order.clientAlgoId,
    symbol: order.symbol,
    type: order.type,
    side: order.side,
    positionSide: order.positionSide,
    quantity: order.quantity.toString(),
    price: order.triggerPrice.toString(),
    closePosition: order.closePosition,
  };
}

export async function cancelListedOrders(
  exchange: ExchangePort,
  symbol: string,
  regular: OpenOrder[],
  conditional: ConditionalOrder[],
): Promise<CancelOutcome> {
  const [regularResult, conditionalResult] = await Promise.allSettled([
    regular.length ? exchange.cancelAllOpenOrders(symbol) : Promise.resolve(),
    conditional.length ? exchange.cancelAllConditionalOrders(symbol) : Promise.resolve(),
  ]);
  const cancelled: CancelledOrder[] = [];
  let error: ExchangeError | undefined;
  const settle = (result: PromiseSettledResult<void>, orders: CancelledOrder[]) => {
    if (result.status === 'fulfilled') cancelled.push(...orders);
    else if (result.reason instanceof ExchangeError) error ??= result.reason;
    else throw result.reason;
  };
  settle(regularResult, regular.map(regularCancelled));
  settle(conditionalResult, conditional.map(conditionalCancelled));
  return { cancelled, error };
}
