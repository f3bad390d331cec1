/**
 * Sends one order or a batch and returns each as an OrderAttempt (request,
 * result or error, times) for the record. An exchange error on one order is
 * data here, not an exception: the caller decides what it means. An answer
 * lost on the way is settled by unknown-outcome.ts before it is returned.
 */
import { ExchangeError } from '../../exchange/exchange-error';
import type { ExchangePort, OrderRequest } from '../../exchange/exchange.port';
import type { OrderAttempt, OrderPurpose } from './order-attempt';
import { settleUnknownOutcome } from './unknown-outcome';

export interface PlannedOrder {
  purpose: OrderPurpose;
  request: OrderRequest;
}

function asExchangeError(error: unknown): ExchangeError {
  if (error instanceof ExchangeError) return error;
  throw error;
}

async function sendOne(exchange: ExchangePort, purpose: OrderPurpose, request: OrderRequest): Promise<OrderAttempt> {
  const sentAt = new Date();
  try {
    return { purpose, request, result: await exchange.placeOrder(request), sentAt, answeredAt: new Date() };
  } catch (error) {
    return { purpose, request, error: asExchangeError(error), sentAt, answeredAt: new Date() };
  }
}

export async function sendOrders(exchange: ExchangePort, planned: PlannedOrder[]): Promise<OrderAttempt[]> {
  if (planned.length === 0) return [];
  if (planned.length === 1) {
    const [{ purpose, request }] = planned;
    return [await settle(exchange, await sendOne(exchange, purpose, request))];
  }
  const sentAt = new Date();
  let attempts: OrderAttempt[];
  try {
    const results = await exchange.placeBatchOrders(planned.map((p) => p.request));
    const answeredAt = new Date();
    attempts = planned.map(({ purpose, request }, i) => {
      const item = results[i];
      return item instanceof Error
        ? { purpose, request, error: asExchangeError(item), sentAt, answeredAt }
        : { purpose, request, result: item, sentAt, answeredAt };
    });
  } catch (error) {
    const failure = asExchangeError(error);
    const answeredAt = new Date();
    attempts = planned.map(({ purpose, request }) => ({ purpose, request, error: failure, sentAt, answeredAt }));
  }
  return Promise.all(attempts.map((attempt) => settle(exchange, attempt)));
}

/** An order whose answer was lost is looked up, and sent again only once it can no longer execute. */
function settle(exchange: ExchangePort, attempt: OrderAttempt): Promise<OrderAttempt> {
  return settleUnknownOutcome(exchange, attempt, { resend: (request) => sendOne(exchange, attempt.purpose, request) });
}
