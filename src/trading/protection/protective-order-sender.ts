/**
 * Places one protective (algo) order, retrying what can be retried, and
 * answers it as a record (placed, or the error that refused it). Unlike a
 * MARKET order, a conditional order RESTS on the exchange, so Binance's rule
 * "client ids are unique among open orders" (-4116) does protect a re-send:
 * an earlier attempt whose answer was lost and that did land makes the
 * re-send fail with -4116 instead of doubling it, and a lookup by the client
 * algo id then finds it. Before each re-send we look it up anyway.
 */
import { ExchangeError } from '../../exchange/exchange-error';
import { CLOSE_ALL_EXISTS, closeAllConflicts, describeForeign, isOurs } from './close-all-conflict';
import type { ConditionalOrder, ConditionalOrderRequest, ExchangePort } from '../../exchange/exchange.port';
import type { ProtectionStatus, ProtectiveOrderRecord } from '../../journal/signal-record';

/** Three tries in all, the last about 0.6 s after the first: TradingView waits about 3 s for the answer. */
export const PROTECTION_RETRY_DELAYS_MS = [200, 400];

export type SendResult = Pick<ProtectiveOrderRecord, 'result' | 'error' | 'status' | 'note' | 'placedAt'>;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function protectionStatus(order: ConditionalOrder): ProtectionStatus {
  const known: ProtectionStatus[] = ['NEW', 'TRIGGERED', 'FINISHED', 'CANCELED', 'REJECTED', 'EXPIRED'];
  return (known as string[]).includes(order.status) ? (order.status as ProtectionStatus) : 'UNKNOWN';
}

async function lookUp(exchange: ExchangePort, request: ConditionalOrderRequest): Promise<ConditionalOrder | undefined> {
  try {
    return await exchange.findConditionalOrder(request.symbol, request.clientAlgoId);
  } catch {
    return undefined;
  }
}

export async function sendProtectiveOrder(
  exchange: ExchangePort,
  request: ConditionalOrderRequest,
  delaysMs: readonly number[] = PROTECTION_RETRY_DELAYS_MS,
): Promise<SendResult> {
  let lastError: ExchangeError | undefined;
  let lostAnswer = false;
  for (let attempt = 0; attempt <= delaysMs.length; attempt++) {
    if (attempt > 0) {
      await sleep(delaysMs[attempt - 1]);
      // An earlier try whose answer was lost may have landed: never place it twice.
      if (lostAnswer) {
        const landed = await lookUp(exchange, request);
        if (landed && landed.status === 'NEW') return found(landed, attempt, lastError!);
      }
    }
    try {
      const result = await exchange.placeConditionalOrder(request);
      const note = attempt > 0 ? `Placed on try ${attempt + 1} (earlier: ${lastError!.message})` : undefined;
      return { result, status: protectionStatus(result), note, placedAt: new Date() };
    } catch (error) {
      if (!(error instanceof ExchangeError)) throw error;
      lastError = error;
      lostAnswer ||= error.outcomeUnknown;
      // -4130: another close-all order rests in that direction; sending again changes nothing (see sendCloseAll).
      if (error.code === CLOSE_ALL_EXISTS) break;
      if (error.code === -4116) {
        // Its id is already resting: an earlier try of ours landed.
        const landed = await lookUp(exchange, request);
        if (landed) return found(landed, attempt + 1, error);
      }
    }
  }
  const landed = lostAnswer ? await lookUp(exchange, request) : undefined;
  if (landed) return found(landed, delaysMs.length + 1, lastError!);
  const once = lastError!.code === CLOSE_ALL_EXISTS;
  return {
    error: lastError,
    status: lostAnswer ? 'UNKNOWN' : 'FAILED',
    note: once ? `Refused: ${lastError!.message}` : `Refused ${delaysMs.length + 1} times: ${lastError!.message}`,
  };
}

export interface CloseAllResult extends SendResult {
  /** Our earlier close-all orders in that direction, cancelled to make room for this one. */
  replaced: ConditionalOrder[];
}

/**
 * Places a close-all (closePosition) order. When Binance answers -4130 (a
 * close-all order already rests in that direction): if every order in the way
 * is ours, they are cancelled and this one placed in their stead; one placed
 * by the trader is never cancelled, and the answer names it.
 */
export async function sendCloseAll(
  exchange: ExchangePort,
  request: ConditionalOrderRequest,
  delaysMs: readonly number[] = PROTECTION_RETRY_DELAYS_MS,
): Promise<CloseAllResult> {
  const sent = await sendProtectiveOrder(exchange, request, delaysMs);
  if (sent.error?.code !== CLOSE_ALL_EXISTS) return { ...sent, replaced: [] };
  const inTheWay = closeAllConflicts(await exchange.openConditionalOrders(request.symbol), request);
  const foreign = inTheWay.find((o) => !isOurs(o));
  if (foreign || inTheWay.length === 0) {
    const why = foreign ? describeForeign(foreign) : 'the order in the way was gone when looked up';
    return { ...sent, note: `${sent.note}: ${why}`, replaced: [] };
  }
  for (const order of inTheWay) await exchange.cancelConditionalOrder(order.symbol, order.algoId);
  const again = await sendProtectiveOrder(exchange, request, delaysMs);
  const ids = inTheWay.map((o) => o.clientAlgoId).join(', ');
  const note = [`Replaced our earlier close-position order ${ids} (-4130)`, again.note].filter(Boolean).join('; ');
  return { ...again, note, replaced: inTheWay };
}

function found(order: ConditionalOrder, tries: number, error: ExchangeError): SendResult {
  return {
    result: order,
    status: protectionStatus(order),
    note: `Found on the exchange by its client algo id after ${tries} tr${tries > 1 ? 'ies' : 'y'} (${error.message})`,
    placedAt: new Date(),
  };
}
