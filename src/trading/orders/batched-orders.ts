/**
 * Sends any number of orders as Binance allows them: batches of at most 5
 * (POST /fapi/v1/batchOrders takes no more). The batches go out together, in
 * one round trip: they are only ever orders whose outcome does not depend on
 * one another (the pieces of closes), and Binance runs a batch's own items
 * concurrently anyway.
 */
import type { ExchangePort } from '../../exchange/exchange.port';
import type { OrderAttempt } from './order-attempt';
import { PlannedOrder, sendOrders } from './order-sender';

export const MAX_BATCH_ORDERS = 5;

export function inBatches<T>(items: T[], size = MAX_BATCH_ORDERS): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}

export async function sendIndependentOrders(exchange: ExchangePort, planned: PlannedOrder[]): Promise<OrderAttempt[]> {
  return (await Promise.all(inBatches(planned).map((batch) => sendOrders(exchange, batch)))).flat();
}
