/**
 * A signal refused before any order: bad JSON, invalid fields, unknown
 * symbol, missing secret. Carries the HTTP status the caller gets and the
 * suggestions shown to the trader. The webhook's error translator maps it to
 * the documented error shape.
 */
export type RejectionCode =
  | 'EMPTY_BODY'
  | 'INVALID_JSON'
  | 'TOO_DEEP'
  | 'NOT_AN_OBJECT'
  | 'VALIDATION'
  | 'UNKNOWN_FIELD'
  | 'UNSUPPORTED_FIELD'
  | 'ID_REUSED'
  | 'INVALID_SYMBOL'
  | 'SYMBOL_NOT_TRADING'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'PAYLOAD_TOO_LARGE'
  | 'MARGIN_TYPE_UNAVAILABLE'
  /** Read against the position: a partial exit or a target the symbol's filters cannot trade. */
  | 'PARTIAL_CLOSE_REFUSED'
  | 'TARGET_REFUSED'
  | 'INVALID_PROTECTION'
  | 'SIZING_FIELDS'
  | 'STALE'
  /** A kill switch is on (global, the bot's or the account's): recorded, answered 423, nothing sent. */
  | 'HALTED'
  /** The bot (or every account it trades) is disabled. */
  | 'DISABLED'
  /** A bot alert's account could not send: this minute's request weight (per IP) is used up. */
  | 'RATE_BUDGET'
  /** No bot has the URL's slug (recorded; answered like a wrong secret). */
  | 'UNKNOWN_BOT'
  /** The bot's secret cannot be decrypted (CONFIG_ENCRYPTION_KEY missing or changed): no alert can be checked. */
  | 'BOT_SECRET_UNREADABLE';

export class SignalRejection extends Error {
  constructor(
    message: string,
    readonly code: RejectionCode,
    readonly httpStatus: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 423 | 503,
    readonly suggestions: string[],
  ) {
    super(message);
    this.name = 'SignalRejection';
  }
}
