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

/**
 * After a timeout, a 5xx or a broken connection we do not know whether the
 * order reached the exchange. We look it up by its client order id and only
 * send it again when the exchange has no such order; a re-send carries the
 * same id, so Binance refuses it (-4116) rather than filling it twice.
 */
async function settleUnknown(exchange: ExchangePort, attempt: OrderAttempt, resend: boolean): Promise<OrderAttempt> {
  if (!attempt.error?.outcomeUnknown) return attempt;
  const { request } = attempt;
  try {
    const found = await exchange.findOrder(request.symbol, request.clientOrderId);
    if (found) return { ...attempt, result: found, error: undefined, answeredAt: new Date() };
  } catch {
    return attempt; // still unknown: recorded as such, settled later from the exchange
  }
  if (!resend) return attempt;
  return settleUnknown(exchange, await sendOne(exchange, attempt.purpose, request), false);
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
    return [await settleUnknown(exchange, await sendOne(exchange, purpose, request), true)];
  }
  const sentAt = new Date();
  let attempts: OrderAttempt[];
  try {
    const results = await exchange.placeBatchOrders(planned.map((p) => p.request));
    const answeredAt = new Date();
    attempts = planned.map(({ purpose, request }, i) => {
      const item = results[i];
      return item instanceof Error ? { purpose, request, error: asExchangeError(item), sentAt, answeredAt } : { purpose, request, result: item, sentAt, answeredAt };
    });
  } catch (error) {
    const failure = asExchangeError(error);
    const answeredAt = new Date();
    attempts = planned.map(({ purpose, request }) => ({ purpose, request, error: failure, sentAt, answeredAt }));
  }
  return Promise.all(attempts.map((attempt) => settleUnknown(exchange, attempt, true)));
}
