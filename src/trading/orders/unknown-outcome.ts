/**
 * An order whose answer was lost (timeout, dropped connection, HTTP 408, a
 * 5xx, -1000 / -1001 / -1007) may still execute after we gave up, even after
 * a first lookup by its client order id found nothing. And Binance keeps
 * client order ids unique among OPEN orders only: a filled MARKET order's id
 * is accepted again and fills again, so the id alone does not make a re-send
 * safe. What does: Binance refuses a request whose timestamp is older than its
 * recvWindow, so once that moment (plus a margin) has passed the original can
 * no longer execute. Until then we keep looking it up; only a lookup sent
 * after it that finds nothing allows a re-send (once). When no lookup could
 * tell, the order stays "outcome unknown" and the trader is told to check the
 * position. The attempt's note records which happened.
 */
import { ExchangeError } from '../../exchange/exchange-error';
import type { ExchangePort, OrderRequest } from '../../exchange/exchange.port';
import type { OrderAttempt } from './order-attempt';

/** How often a lost order is looked up while it could still execute. */
export const LOOKUP_EVERY_MS = 250;
/** After that moment, how long failing lookups are retried before the outcome is left unknown. */
export const LOOKUP_GRACE_MS = 1000;

export interface UnknownOutcomeOptions {
  /** Sends the order again; absent: never re-send (the re-send itself, or a caller that must not). */
  resend?: (request: OrderRequest) => Promise<OrderAttempt>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Returns the attempt as found on the exchange, sent again, known not executed, or still unknown. */
export async function settleUnknownOutcome(
  exchange: ExchangePort,
  attempt: OrderAttempt,
  options: UnknownOutcomeOptions = {},
): Promise<OrderAttempt> {
  const lost = attempt.error;
  if (!lost?.outcomeUnknown) return attempt;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const { request } = attempt;
  // Without the request's timestamp nobody can say when it stops being executable: never re-sent.
  const deadline = lost.executableUntilMs;
  const giveUpAt = (deadline ?? now()) + LOOKUP_GRACE_MS;
  const why = `Answer lost (${lost.exchangeMessage})`;
  let lookups = 0;
  let lookupError: Error | undefined;
  for (;;) {
    const askedAt = now();
    lookups += 1;
    try {
      const found = await exchange.findOrder(request.symbol, request.clientOrderId);
      if (found) {
        return {
          ...attempt,
          result: found,
          error: undefined,
          answeredAt: new Date(),
          note: `${why}; found on the exchange by its client order id (lookup ${lookups})`,
        };
      }
      if (deadline !== undefined && askedAt > deadline) break;
    } catch (error) {
      lookupError = error as Error;
    }
    const left = now();
    if (left >= giveUpAt) return stillUnknown(attempt, lost, lookups, lookupError);
    // The last lookup before the deadline lands just after it.
    await sleep(
      deadline !== undefined && left <= deadline ? Math.min(LOOKUP_EVERY_MS, deadline - left + 1) : LOOKUP_EVERY_MS,
    );
  }

  const absent = `${why}; not on the exchange once its recvWindow had passed (${lookups} lookups)`;
  if (!options.resend) return { ...attempt, notExecuted: true, note: `${absent}: not executed` };
  const again = await options.resend(request);
  const settled = await settleUnknownOutcome(exchange, again, { now, sleep });
  return { ...settled, note: [`${absent}: sent again`, settled.note].filter(Boolean).join('. ') };
}

function stillUnknown(attempt: OrderAttempt, lost: ExchangeError, lookups: number, lookupError?: Error): OrderAttempt {
  const cause = lookupError ? `lookups failed: ${lookupError.message}` : 'it could still execute';
  const error = new ExchangeError({
    ...lost.init(),
    kind: 'timeout',
    title: 'Order outcome unknown: check the position on Binance',
    exchangeMessage:
      `order ${attempt.request.clientOrderId}: outcome unknown, check the position ` +
      `(${lost.exchangeMessage}; ${cause})`,
    suggestions: [
      'Check the position and the order history on Binance before sending the signal again: ' +
        'the order may have been executed',
      ...lost.suggestions.filter((s) => !/check/i.test(s)),
    ],
  });
  return {
    ...attempt,
    error,
    note: `Answer lost (${lost.exchangeMessage}); outcome unknown after ${lookups} lookups (${cause}): not sent again`,
  };
}
