/**
 * Sends one order or a batch and returns each as an OrderAttempt (request,
 * result or error, times) for the record. An exchange error on one order is
 * data here, not an exception: the caller decides what it means.
 */
import { ExchangeError } from '../exchange/exchange-error';
import type { ExchangePort, OrderRequest } from '../exchange/exchange.port';
import type { OrderAttempt, OrderPurpose } from '../journal/signal-record';

export interface PlannedOrder {
  purpose: OrderPurpose;
  request: OrderRequest;
}

function asExchangeError(error: unknown): ExchangeError {
  if (error instanceof ExchangeError) return error;
  throw error;
}

export async function sendOrders(exchange: ExchangePort, planned: PlannedOrder[]): Promise<OrderAttempt[]> {
  if (planned.length === 0) return [];
  const sentAt = new Date();
  if (planned.length === 1) {
    const [{ purpose, request }] = planned;
    try {
      const result = await exchange.placeOrder(request);
      return [{ purpose, request, result, sentAt, answeredAt: new Date() }];
    } catch (error) {
      return [{ purpose, request, error: asExchangeError(error), sentAt, answeredAt: new Date() }];
    }
  }
  try {
    const results = await exchange.placeBatchOrders(planned.map((p) => p.request));
    const answeredAt = new Date();
    return planned.map(({ purpose, request }, i) => {
      const item = results[i];
      return item instanceof Error ? { purpose, request, error: asExchangeError(item), sentAt, answeredAt } : { purpose, request, result: item, sentAt, answeredAt };
    });
  } catch (error) {
    const failure = asExchangeError(error);
    const answeredAt = new Date();
    return planned.map(({ purpose, request }) => ({ purpose, request, error: failure, sentAt, answeredAt }));
  }
}
