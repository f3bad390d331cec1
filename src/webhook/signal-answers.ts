/**
 * From trading's outcome to the webhook's answer and the signal's recorded outcome (pure): skipped and
 * executed answer 200 in each flow's documented shape (signal-responses.ts, target-responses.ts), a failure answers the
 * translated error with the flow's details beside it.
 */
import type { SignalHeader, SignalOutcome } from '../journal/signal-record';
import type { TradeOutcome } from '../trading/trade-command';
import type { SignalAnswer } from './alert-route';
import { translateError } from './error-translation';
import {
  calculationDetails,
  cancelledIds,
  closeResponse,
  errorResponse,
  protectionResponse,
  skippedResponse,
  tradeResponse,
} from './signal-responses';
import { partialCloseResponse, partialDetails, targetDetails, targetResponse } from './target-responses';
import type { ValidSignal } from './signal-validation';

/** An answer, and the outcome recorded for it (the time it was answered is added when it is settled). */
export interface AnsweredSignal {
  answer: SignalAnswer;
  outcome: Omit<SignalOutcome, 'answeredAt'>;
}

export function answerTrade(header: SignalHeader, signal: ValidSignal, traded: TradeOutcome): AnsweredSignal {
  const { calculation, orders, cancelledOrders, protectiveOrders, exchangeMs, note } = traded;
  const recorded = { calculation, orders, cancelledOrders, protectiveOrders, exchangeMs, note };
  if (traded.status === 'skipped') {
    const details = traded.flow === 'target' ? targetDetails(signal, traded.result, traded.baseAsset) : {};
    const body = { ...skippedResponse(header.id, signal, note!), ...details };
    return { answer: { httpStatus: 200, body }, outcome: { ...recorded, status: 'SKIPPED', httpStatus: 200 } };
  }
  if (traded.status === 'executed') {
    const body = executedBody(header.id, signal, traded);
    return { answer: { httpStatus: 200, body }, outcome: { ...recorded, status: 'EXECUTED', httpStatus: 200 } };
  }
  const t = translateError(traded.error, header.accountId);
  const { httpStatus, errorCode, message: errorMessage, suggestions } = t;
  const body = errorResponse(t, header.payload, header.id, failureDetails(header.id, signal, traded));
  return {
    answer: { httpStatus, body },
    outcome: { ...recorded, status: 'FAILED', httpStatus, errorCode, errorMessage, suggestions },
  };
}

/** A trade that threw instead of reporting: the translated error, nothing else known. */
export function answerThrown(header: SignalHeader, error: unknown): AnsweredSignal {
  const t = translateError(error, header.accountId);
  const { status, httpStatus, errorCode, message: errorMessage, suggestions } = t;
  return {
    answer: { httpStatus, body: errorResponse(t, header.payload, header.id) },
    outcome: { status, httpStatus, errorCode, errorMessage, suggestions },
  };
}

function executedBody(id: string, signal: ValidSignal, traded: TradeOutcome): Record<string, unknown> {
  switch (traded.flow) {
    case 'open':
      return tradeResponse(id, signal, traded.result);
    case 'close':
      return closeResponse(id, signal, traded.result);
    case 'partial-close':
      return partialCloseResponse(id, signal, traded.result);
    case 'target':
      return targetResponse(id, signal, traded.result, traded.baseAsset);
  }
}

/** What a failed flow did before failing, beside the error. */
function failureDetails(id: string, signal: ValidSignal, traded: TradeOutcome): Record<string, unknown> {
  switch (traded.flow) {
    case 'open': {
      const result = traded.result;
      const opposite = result.oppositeClosed;
      return {
        calculation_details: calculationDetails(result),
        ...(opposite ? { opposite_position_closed: `Closed ${opposite.direction.toLowerCase()} position` } : {}),
        ...(result.cancelledOrders?.length
          ? { cancelled_algo_orders: cancelledIds(result.cancelledOrders, 'conditional') }
          : {}),
        ...(result.protection ? protectionResponse(result.protection) : {}),
      };
    }
    case 'close': {
      const { closed_positions, cancelled_orders, cancelled_algo_orders } = closeResponse(id, signal, traded.result);
      return { closed_positions, cancelled_orders, cancelled_algo_orders };
    }
    case 'partial-close':
      return partialDetails(traded.result);
    case 'target':
      return targetDetails(signal, traded.result, traded.baseAsset);
  }
}
