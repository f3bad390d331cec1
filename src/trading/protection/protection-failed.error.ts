/**
 * The entry filled but its protection could not be placed: the signal failed
 * (the trader did not get what was asked), and the message says what
 * PROTECTION_FAILURE did about the position (closed it, or kept it).
 */
import { SignalRejection } from '../../common/signal-rejection';
import { ExchangeError } from '../../exchange/exchange-error';
import type { ProtectionFailure } from './protection.service';

export class ProtectionFailedError extends Error {
  readonly code = 'PROTECTION_FAILED';
  readonly httpStatus: number;
  readonly suggestions: string[];

  constructor(readonly failure: ProtectionFailure) {
    super(failure.message);
    this.name = 'ProtectionFailedError';
    const cause = failure.error;
    // Refused under the exchange's rules (or a trigger the price had already passed): 422; unreachable: 503.
    this.httpStatus =
      cause instanceof SignalRejection || (cause instanceof ExchangeError && cause.kind === 'rejected')
        ? 422
        : cause instanceof ExchangeError && ['rate-limited', 'banned', 'unavailable', 'timeout'].includes(cause.kind)
          ? 503
          : 502;
    const advice =
      cause instanceof ExchangeError ? cause.suggestions : cause instanceof SignalRejection ? cause.suggestions : [];
    this.suggestions = [
      ...(failure.closed ? [] : ['Check the position on Binance: it may be open without a stop loss']),
      ...advice,
    ];
  }
}
