/**
 * The signature of the generic notification webhook, in one place for the
 * sender and for anyone writing a receiver (see docs/notifications.md):
 *
 *   X-Tvbridge-Timestamp: <unix seconds when sent>
 *   X-Tvbridge-Signature: v1=<hex HMAC-SHA256(NOTIFY_WEBHOOK_SECRET, "<timestamp>.<raw body>")>
 *
 * Signing the timestamp with the body lets a receiver refuse a captured
 * request replayed later (older than its tolerance, 5 minutes suggested), and
 * the event id in the body lets it drop a retry it already processed.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-tvbridge-signature';
export const TIMESTAMP_HEADER = 'x-tvbridge-timestamp';
export const EVENT_ID_HEADER = 'x-tvbridge-event-id';
export const DEFAULT_TOLERANCE_S = 300;

export function webhookSignature(secret: string, timestamp: number, rawBody: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

/** What a receiver does: recompute, compare in constant time, and check the timestamp's age. */
export function verifyWebhookSignature(
  secret: string,
  headers: { signature?: string; timestamp?: string },
  rawBody: string,
  nowMs = Date.now(),
  toleranceS = DEFAULT_TOLERANCE_S,
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(nowMs / 1000 - timestamp) > toleranceS || !headers.signature)
    return false;
  const expected = Buffer.from(webhookSignature(secret, timestamp, rawBody));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
