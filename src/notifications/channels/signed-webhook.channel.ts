/**
 * A generic JSON webhook for anything else (a home server, n8n, Slack via a
 * relay): the event as JSON, signed with HMAC-SHA256 (webhook-signature.ts).
 * A 2xx is delivered; 408, 429 (with Retry-After) and 5xx are retried.
 */
import {
  isRetryableStatus,
  NotificationChannel,
  OutgoingMessage,
  postJson,
  secondsToMs,
  SendResult,
} from './notification-channel';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, webhookSignature } from './webhook-signature';

export interface WebhookTarget {
  url: string;
  secret: string;
}

export function webhookBody(message: OutgoingMessage): string {
  const { title, lines, note } = message.text;
  const text = [title, ...lines.map(([label, value]) => `${label}: ${value}`), ...(note ? [note] : [])].join('\n');
  return JSON.stringify({
    id: message.id,
    type: message.type,
    occurred_at: message.occurredAt,
    title,
    text,
    data: message.data,
  });
}

export class SignedWebhookChannel implements NotificationChannel<WebhookTarget> {
  constructor(private readonly nowMs: () => number = Date.now) {}

  async send(message: OutgoingMessage, target: WebhookTarget): Promise<SendResult> {
    const body = webhookBody(message);
    const timestamp = Math.floor(this.nowMs() / 1000);
    let response: Response;
    try {
      response = await postJson(target.url, body, {
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: webhookSignature(target.secret, timestamp, body),
        [EVENT_ID_HEADER]: message.id,
        'user-agent': 'tvbridge-notifications',
      });
    } catch (error) {
      return { delivered: false, retryable: true, error: `Webhook ${(error as Error).message}` };
    }
    await response.arrayBuffer().catch(() => undefined);
    if (response.ok) return { delivered: true };
    return {
      delivered: false,
      retryable: isRetryableStatus(response.status),
      retryAfterMs: response.status === 429 ? secondsToMs(response.headers.get('retry-after')) : undefined,
      error: `Webhook ${response.status} ${response.statusText}`.trim(),
    };
  }
}
