/**
 * Discord webhooks: one embed per message. Discord rate-limits per webhook and
 * says so in headers (X-RateLimit-Remaining, X-RateLimit-Reset-After, in
 * seconds) and, on a 429, in the JSON's `retry_after` (seconds) and the
 * Retry-After header. Both are honoured: a 429 retries after the time given,
 * and a success that used the last request of the bucket pauses the channel
 * until the bucket resets. https://discord.com/developers/docs/topics/rate-limits
 */
import type { MessageText } from '../message-texts';
import {
  isRetryableStatus,
  NotificationChannel,
  OutgoingMessage,
  postJson,
  secondsToMs,
  SendResult,
} from './notification-channel';

export interface DiscordTarget {
  webhookUrl: string;
}

const COLOURS = { good: 0x2ecc71, bad: 0xe74c3c, warning: 0xf1c40f, info: 0x3498db } as const;

/** Within Discord's embed limits: title 256, description 4096, 25 fields of name 256 / value 1024. */
export function discordEmbed(text: MessageText, occurredAt: string) {
  return {
    title: text.title.slice(0, 256),
    color: COLOURS[text.tone],
    fields: text.lines
      .slice(0, 25)
      .map(([name, value]) => ({ name: name.slice(0, 256), value: value.slice(0, 1024) || '-', inline: true })),
    ...(text.note ? { description: text.note.slice(0, 4096) } : {}),
    timestamp: occurredAt,
  };
}

export class DiscordChannel implements NotificationChannel<DiscordTarget> {
  async send(message: OutgoingMessage, target: DiscordTarget): Promise<SendResult> {
    const url = new URL(target.webhookUrl);
    // wait=true: Discord answers once the message is posted (200 with the message), not merely queued.
    url.searchParams.set('wait', 'true');
    const body = JSON.stringify({
      username: 'tvbridge',
      embeds: [discordEmbed(message.text, message.occurredAt)],
      allowed_mentions: { parse: [] },
    });
    let response: Response;
    try {
      response = await postJson(url.toString(), body);
    } catch (error) {
      return { delivered: false, retryable: true, error: `Discord ${(error as Error).message}` };
    }
    const resetAfterMs = secondsToMs(response.headers.get('x-ratelimit-reset-after'));
    if (response.ok) {
      const exhausted = response.headers.get('x-ratelimit-remaining') === '0';
      return { delivered: true, pauseMs: exhausted ? resetAfterMs : undefined };
    }
    const answer = (await response.json().catch(() => ({}))) as { message?: string; retry_after?: number };
    const retryAfterMs =
      secondsToMs(answer.retry_after) ?? secondsToMs(response.headers.get('retry-after')) ?? resetAfterMs;
    return {
      delivered: false,
      retryable: isRetryableStatus(response.status),
      retryAfterMs: response.status === 429 ? retryAfterMs : undefined,
      error: `Discord ${response.status}: ${(answer.message ?? response.statusText).slice(0, 200)}`,
    };
  }
}
