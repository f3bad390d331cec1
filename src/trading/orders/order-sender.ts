/**
 * Sends one order or a batch and returns each as an OrderAttempt (request,
 * result or error, times) for the record. An exchange error on one order is
 * data here, not an exception: the caller decides what it means. An answer
 * lost on the way is settled by unknown-outcome.ts before it is returned.
 * Immediately before sending, the run's kill switches are asked again: an
 * order withheld by one is an attempt with that error, never sent.
 */
import { orderWithheldBy } from '../../exchange/account-context';
import { ExchangeError } from '../../exchange/exchange-error';
import type { ExchangePort, OrderRequest } from '../../exchange/exchange.port';
import type { OrderAttempt, OrderPurpose } from './order-attempt';
import { settleUnknownOutcome } from './unknown-outcome';
import { WithheldOrderError } from './withheld-order';

export interface PlannedOrder {
  purpose: OrderPurpose;
  request: OrderRequest;
}

function asExchangeError(error: unknown): ExchangeError {
  if (error instanceof ExchangeError) return error;
  throw error;
}

/** Flattening a position whose protection failed is never withheld: it only removes risk. */
const NEVER_WITHHELD: OrderPurpose[] = ['CLOSE_UNPROTECTED'];

/** The attempts, unsent, when a kill switch went on since the signal began. */
async function withheld(planned: PlannedOrder[]): Promise<OrderAttempt[] | undefined> {
  if (planned.every((p) => NEVER_WITHHELD.includes(p.purpose))) return undefined;
  const reason = await orderWithheldBy();
  if (!reason) return undefined;
  const error = new WithheldOrderError(reason);
  const at = new Date();
  return planned.map(({ purpose, request }) => ({
    purpose,
    request,
    error,
    sentAt: at,
    answeredAt: at,
    notExecuted: true,
  }));
}

async function sendOne(exchange: ExchangePort, purpose: OrderPurpose, request: OrderRequest): Promise<OrderAttempt> {
  const stopped = await withheld([{ purpose, request }]);
  if (stopped) return stopped[0];
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
  const stopped = await withheld(planned);
  if (stopped) return stopped;
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
