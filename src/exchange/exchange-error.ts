/**
 * The one error type the exchange layer throws. It carries the Binance code
 * and message, the HTTP status Binance answered with, the kind (see the
 * table) and suggestions a trader can act on.
 */
import { adviceForCode, ErrorAdvice, ExchangeErrorKind, HTTP_ERROR_ADVICE } from './exchange-error-table';

export interface ExchangeErrorInit {
  code?: number;
  exchangeMessage: string;
  httpStatus?: number;
  kind: ExchangeErrorKind;
  title: string;
  suggestions: string[];
  retryAfterMs?: number;
  /** See ExchangeError.executableUntilMs. */
  executableUntilMs?: number;
  /** 'paper': the built-in paper exchange refused, with Binance's code (never "Binance API error"). */
  venue?: 'binance' | 'paper';
}

/** The error's first words: who refused, and Binance's code. */
function errorText(init: ExchangeErrorInit): string {
  const code = init.code !== undefined ? ` (Code ${init.code})` : '';
  return init.venue === 'paper'
    ? `Paper exchange error${code}, as Binance would answer: ${init.exchangeMessage}`
    : `Binance API error${code}: ${init.exchangeMessage}`;
}

/**
 * Binance ends some messages with the address the request came from (-2015: "…, request ip: 203.0.113.7"):
 * the server's egress IP, which answers, records and notifications must not show to whoever reads them.
 */
export function withoutRequestIp(message: string): string {
  return message.replace(/,?\s*request ip:\s*[0-9a-f.:[\]]+/gi, '');
}

export class ExchangeError extends Error {
  readonly code?: number;
  readonly exchangeMessage: string;
  readonly httpStatus?: number;
  readonly kind: ExchangeErrorKind;
  readonly title: string;
  readonly suggestions: string[];
  readonly retryAfterMs?: number;
  /**
   * For a signed request whose outcome is unknown: the local time after which
   * Binance can no longer execute it (its timestamp + recvWindow + a margin).
   */
  readonly executableUntilMs?: number;
  readonly venue?: 'binance' | 'paper';

  constructor(given: ExchangeErrorInit) {
    const init = { ...given, exchangeMessage: withoutRequestIp(given.exchangeMessage) };
    super(errorText(init));
    this.name = 'ExchangeError';
    Object.assign(this, init);
    this.code = init.code;
    this.exchangeMessage = init.exchangeMessage;
    this.httpStatus = init.httpStatus;
    this.kind = init.kind;
    this.title = init.title;
    this.suggestions = init.suggestions;
    this.retryAfterMs = init.retryAfterMs;
    this.executableUntilMs = init.executableUntilMs;
    this.venue = init.venue;
  }

  /** The same error, refused by the paper exchange. */
  onPaper(): ExchangeError {
    return new ExchangeError({ ...this.init(), venue: 'paper' });
  }

  /** The same error, knowing until when its request could still execute. */
  executableUntil(ms: number): ExchangeError {
    return new ExchangeError({ ...this.init(), executableUntilMs: ms });
  }

  init(): ExchangeErrorInit {
    const { code, exchangeMessage, httpStatus, kind, title, suggestions, retryAfterMs, executableUntilMs, venue } =
      this;
    return { code, exchangeMessage, httpStatus, kind, title, suggestions, retryAfterMs, executableUntilMs, venue };
  }

  /** True when the order may or may not have reached the exchange. */
  get outcomeUnknown(): boolean {
    return this.kind === 'timeout' || this.kind === 'unavailable';
  }
}

/** "IP banned until 1700000000000" → milliseconds from now. */
function bannedUntil(message: string, now: number): number | undefined {
  const match = /banned until (\d{10,13})/i.exec(message);
  return match ? Math.max(0, Number(match[1]) - now) : undefined;
}

function fromAdvice(
  advice: ErrorAdvice,
  init: Omit<ExchangeErrorInit, 'kind' | 'title' | 'suggestions'>,
): ExchangeError {
  return new ExchangeError({ ...init, kind: advice.kind, title: advice.title, suggestions: advice.suggestions });
}

/**
 * "Too many new orders; current limit is 300 orders per 10 SECOND." → ms until
 * that window ends (Binance's rate-limit windows start on whole intervals).
 */
function orderWindowLeft(message: string, now: number): number {
  const match = /per (\d+) (SECOND|MINUTE|HOUR|DAY)/i.exec(message);
  const unit = (match?.[2] ?? 'MINUTE').toUpperCase() as 'SECOND' | 'MINUTE' | 'HOUR' | 'DAY';
  const unitMs = { SECOND: 1_000, MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000 }[unit];
  const windowMs = Number(match?.[1] ?? 1) * unitMs;
  return windowMs - (now % windowMs);
}

/** A Binance JSON error {code, msg} answered with `httpStatus`. */
export function exchangeErrorFromBinance(
  code: number,
  message: string,
  httpStatus?: number,
  retryAfterMs?: number,
  now = Date.now(),
): ExchangeError {
  if (code === -1003) {
    const banMs = bannedUntil(message, now);
    const banned = httpStatus === 418 || banMs !== undefined;
    const advice = banned ? HTTP_ERROR_ADVICE[418] : HTTP_ERROR_ADVICE[429];
    return fromAdvice(
      { ...advice, suggestions: [...(adviceForCode(code)?.suggestions ?? []), ...advice.suggestions] },
      {
        code,
        exchangeMessage: message,
        httpStatus: httpStatus ?? (banned ? 418 : 429),
        retryAfterMs: retryAfterMs ?? banMs ?? 60_000,
      },
    );
  }
  if (code === -1015) {
    return fromAdvice(adviceForCode(code)!, {
      code,
      exchangeMessage: message,
      httpStatus: httpStatus ?? 429,
      retryAfterMs: retryAfterMs ?? orderWindowLeft(message, now),
    });
  }
  const advice =
    adviceForCode(code) ??
    (httpStatus !== undefined && httpStatus >= 500
      ? HTTP_ERROR_ADVICE['5xx']
      : { kind: 'unknown' as const, title: message, suggestions: ['Check the Binance error code documentation'] });
  return fromAdvice(advice, { code, exchangeMessage: message, httpStatus, retryAfterMs });
}

/** An HTTP error whose body is not a Binance error (proxy page, 5xx, 429 without JSON). */
export function exchangeErrorFromHttp(httpStatus: number, body: string, retryAfterMs?: number): ExchangeError {
  const advice =
    httpStatus === 429 || httpStatus === 418 || httpStatus === 408
      ? HTTP_ERROR_ADVICE[httpStatus]
      : httpStatus >= 500
        ? HTTP_ERROR_ADVICE['5xx']
        : { kind: 'unknown' as const, title: `HTTP ${httpStatus}`, suggestions: ['Check BINANCE_FUTURES_URL'] };
  const exchangeMessage = `HTTP ${httpStatus}${
    body
      ? `: ${body
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim()
          .slice(0, 200)}`
      : ''
  }`;
  return fromAdvice(advice, {
    exchangeMessage,
    httpStatus,
    retryAfterMs: retryAfterMs ?? (httpStatus === 429 || httpStatus === 418 ? 60_000 : undefined),
  });
}

export function exchangeTimeoutError(ms: number): ExchangeError {
  return fromAdvice(HTTP_ERROR_ADVICE.timeout, { exchangeMessage: `no answer within ${ms} ms` });
}

export function exchangeNetworkError(cause: string): ExchangeError {
  return fromAdvice(HTTP_ERROR_ADVICE.network, { exchangeMessage: cause });
}
