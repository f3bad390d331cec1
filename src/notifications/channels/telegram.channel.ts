/**
 * Telegram Bot API: sendMessage with HTML formatting. On a 429 Telegram says
 * how long to wait in the JSON answer's `parameters.retry_after` (seconds);
 * that time is honoured. https://core.telegram.org/bots/api#making-requests
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

export interface TelegramTarget {
  apiUrl: string;
  botToken: string;
  chatId: string;
}

const ICONS = { good: '✅', bad: '❌', warning: '⚠️', info: 'ℹ️' } as const;
/** sendMessage's limit on the text (after entity parsing). */
const MAX_TEXT = 4096;

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Bold title, one "label: value" line each, the note in italics. */
export function telegramHtml(text: MessageText): string {
  const lines = text.lines.map(([label, value]) => `${escapeHtml(label)}: <b>${escapeHtml(value)}</b>`);
  const html = [
    `${ICONS[text.tone]} <b>${escapeHtml(text.title)}</b>`,
    ...lines,
    ...(text.note ? [`<i>${escapeHtml(text.note)}</i>`] : []),
  ].join('\n');
  return html.length <= MAX_TEXT
    ? html
    : escapeHtml(`${text.title}\n${text.lines.map((l) => l.join(': ')).join('\n')}`).slice(0, MAX_TEXT);
}

interface TelegramAnswer {
  ok?: boolean;
  description?: string;
  error_code?: number;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export class TelegramChannel implements NotificationChannel<TelegramTarget> {
  async send(message: OutgoingMessage, target: TelegramTarget): Promise<SendResult> {
    const body = JSON.stringify({
      chat_id: target.chatId,
      text: telegramHtml(message.text),
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    });
    let response: Response;
    try {
      response = await postJson(`${target.apiUrl}/bot${target.botToken}/sendMessage`, body);
    } catch (error) {
      return { delivered: false, retryable: true, error: `Telegram ${(error as Error).message}` };
    }
    const answer = (await response.json().catch(() => ({}))) as TelegramAnswer;
    if (response.ok && answer.ok !== false) return { delivered: true };
    const migrated = answer.parameters?.migrate_to_chat_id;
    const description = (answer.description ?? response.statusText).slice(0, 200);
    return {
      delivered: false,
      retryable: isRetryableStatus(response.status),
      retryAfterMs: secondsToMs(answer.parameters?.retry_after),
      error: `Telegram ${response.status}: ${description}${migrated ? ` (now chat ${migrated})` : ''}`,
    };
  }
}
