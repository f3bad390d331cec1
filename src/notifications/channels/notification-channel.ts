/**
 * The port every notification channel implements: send one message to one
 * configured target and say what happened, in terms the dispatcher can act
 * on (delivered; retry, maybe after a time the channel named; or give up).
 */
import type { EventPayloads, EventType } from '../notification-events';
import type { MessageText } from '../message-texts';

export interface OutgoingMessage {
  /** The outbox event id (or a fresh id for a test message): receivers can use it to drop repeats. */
  id: string;
  type: EventType | 'test';
  occurredAt: string;
  text: MessageText;
  data: EventPayloads[EventType] | Record<string, unknown>;
}

export type SendResult =
  | {
      delivered: true;
      /** The channel asked for a pause before the next message (rate-limit headers). */ pauseMs?: number;
    }
  | {
      delivered: false;
      retryable: boolean;
      /** The channel's own retry time (429's retry_after). */ retryAfterMs?: number;
      error: string;
    };

export interface NotificationChannel<Target> {
  send(message: OutgoingMessage, target: Target): Promise<SendResult>;
}

/** One request's time limit: a silent channel must not hold a dispatcher's lease. */
export const SEND_TIMEOUT_MS = 10_000;

/** POST JSON with a timeout; the error never names the URL (it can hold a token). */
export async function postJson(url: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  try {
    return await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const name = (error as Error).name;
    throw new Error(
      name === 'TimeoutError' ? `no answer within ${SEND_TIMEOUT_MS} ms` : `unreachable (${cause ?? name})`,
      { cause: error },
    );
  }
}

/** Seconds (possibly fractional, as text or number) → ms; undefined when absent or nonsense. */
export function secondsToMs(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? Math.ceil(n * 1000) : undefined;
}

/** An HTTP failure: 429 and 5xx (and 408) are worth retrying; other 4xx will fail again the same way. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
