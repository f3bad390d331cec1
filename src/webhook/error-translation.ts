/**
 * The one translator from what can go wrong with a signal to the documented error
 * answer: HTTP status, recorded status, error code, message and suggestions.
 * Input problems are 4xx and "rejected"; the exchange refusing an order under
 * its rules is 422, any other exchange error 502, an unreachable exchange 503.
 */
import { SignalRejection } from '../common/signal-rejection';
import { ExchangeError } from '../exchange/exchange-error';
import { SizingError } from '../trading/position-sizing';
import { ProtectionFailedError } from '../trading/protection/protection-failed.error';
import { WithheldOrderError } from '../trading/orders/withheld-order';

export interface TranslatedError {
  httpStatus: number;
  status: 'REJECTED' | 'FAILED';
  errorCode: string;
  message: string;
  suggestions: string[];
}

/** Binance's codes for keys it does not accept: wrong key or secret, not allowed from this IP, no permission. */
export const KEY_REFUSED_CODES = [-2015, -2014, -1022];

/**
 * `accountId`: the account the error happened on. The exchange table's advice for refused keys names the
 * default account's settings (BINANCE_API_KEY, /api/binance/config); another account's keys are its own.
 */
export function translateError(error: unknown, accountId?: string): TranslatedError {
  const translated = translateAnyError(error);
  if (!accountId || accountId === 'default' || !(error instanceof ExchangeError)) return translated;
  if (error.code === undefined || !KEY_REFUSED_CODES.includes(error.code)) return translated;
  const own = translated.suggestions.filter((s) => !/binance\/config|BINANCE_API_(KEY|SECRET)/.test(s));
  return {
    ...translated,
    suggestions: [
      ...own,
      `Check this account's API key and secret on Binance, then save them again with PATCH /api/admin/accounts/` +
        `${accountId} {"api_key": "…", "api_secret": "…"} (admin token)`,
    ],
  };
}

function translateAnyError(error: unknown): TranslatedError {
  if (error instanceof SignalRejection) {
    return {
      httpStatus: error.httpStatus,
      status: 'REJECTED',
      errorCode: error.code,
      message: error.message,
      suggestions: error.suggestions,
    };
  }
  if (error instanceof SizingError) {
    return {
      httpStatus: 422,
      status: 'FAILED',
      errorCode: `SIZING_${error.reason.toUpperCase().replace(/-/g, '_')}`,
      message: error.message,
      suggestions: error.suggestions,
    };
  }
  if (error instanceof ProtectionFailedError) {
    const { httpStatus, code: errorCode, message, suggestions } = error;
    return { httpStatus, status: 'FAILED', errorCode, message, suggestions };
  }
  if (error instanceof WithheldOrderError) {
    // A kill switch went on while the signal ran: the switch's answer (423), after what was already sent.
    return { ...translateError(error.reason), status: 'FAILED' };
  }
  if (error instanceof ExchangeError) {
    const httpStatus =
      error.kind === 'rejected'
        ? 422
        : ['rate-limited', 'banned', 'unavailable', 'timeout'].includes(error.kind)
          ? 503
          : 502;
    return {
      httpStatus,
      status: 'FAILED',
      errorCode: error.code !== undefined ? String(error.code) : error.kind.toUpperCase(),
      message: error.message,
      suggestions: error.suggestions,
    };
  }
  return {
    httpStatus: 500,
    status: 'FAILED',
    errorCode: 'INTERNAL',
    message: 'Internal error while processing the signal',
    suggestions: ['Check the service log for this signal id', 'Check your open positions on Binance before retrying'],
  };
}
