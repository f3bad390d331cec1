/**
 * The notification settings of the environment (Telegram, Discord, a signed
 * generic webhook, delivery timings, the daily summary), validated at boot
 * like every other setting: a malformed token or URL stops the service with
 * one line naming the variable. Settings saved through the admin API override
 * these at run time.
 */
import { ConfigError, Env, integer, read, url } from './env-readers';

export interface NotificationConfig {
  telegram?: { botToken: string; chatId: string };
  /** Bot API base URL: Telegram's own by default; tests point it at a local fake. */
  telegramApiUrl: string;
  discordWebhookUrl?: string;
  webhook?: { url: string; secret: string };
  /** Hour (0–23, UTC) of the daily summary; undefined = no summary. */
  dailySummaryHourUtc?: number;
  /** First retry delay; it doubles with every failed attempt up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** A message still undelivered this long after its event is given up (FAILED). */
  giveUpAfterMs: number;
  /** How often the dispatcher looks for messages to send. */
  pollMs: number;
  /** Messages delivered to every channel are deleted this many days after their event; 0 = kept. */
  retentionDays: number;
}

/** What BotFather hands out: the bot's numeric id, a colon, and a 35-character key. */
export const TELEGRAM_TOKEN = /^\d{3,20}:[A-Za-z0-9_-]{30,64}$/;
/** A numeric chat id (groups and channels are negative) or a public channel's @username. */
export const TELEGRAM_CHAT_ID = /^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31})$/;
/** Discord's webhook URL: /api[/v10]/webhooks/<id>/<token>. */
export const DISCORD_WEBHOOK_PATH = /^\/api(\/v\d+)?\/webhooks\/\d{5,25}\/[A-Za-z0-9_-]{20,100}\/?$/;

export function parseNotificationConfig(env: Env): NotificationConfig {
  const botToken = read(env, 'TELEGRAM_BOT_TOKEN');
  const chatId = read(env, 'TELEGRAM_CHAT_ID');
  if (botToken !== undefined && !TELEGRAM_TOKEN.test(botToken)) {
    throw new ConfigError(
      'TELEGRAM_BOT_TOKEN',
      'must be a bot token from @BotFather, like 123456789:AAH… (digits, a colon, 35 characters)',
    );
  }
  if (chatId !== undefined && !TELEGRAM_CHAT_ID.test(chatId)) {
    throw new ConfigError(
      'TELEGRAM_CHAT_ID',
      `must be a numeric chat id (e.g. -1001234567890) or a channel's @username (got "${chatId}")`,
    );
  }
  if ((botToken === undefined) !== (chatId === undefined)) {
    const missing = botToken === undefined ? 'TELEGRAM_BOT_TOKEN' : 'TELEGRAM_CHAT_ID';
    throw new ConfigError(missing, 'is required when the other Telegram setting is set');
  }

  const discordWebhookUrl = url(env, 'DISCORD_WEBHOOK_URL', ['https', 'http']);
  if (discordWebhookUrl !== undefined && !DISCORD_WEBHOOK_PATH.test(new URL(discordWebhookUrl).pathname)) {
    throw new ConfigError(
      'DISCORD_WEBHOOK_URL',
      'must be a Discord webhook URL, like https://discord.com/api/webhooks/<id>/<token> ' +
        '(channel settings → Integrations → Webhooks)',
    );
  }

  const webhookUrl = url(env, 'NOTIFY_WEBHOOK_URL', ['https', 'http']);
  const webhookSecret = read(env, 'NOTIFY_WEBHOOK_SECRET');
  if (webhookUrl !== undefined && webhookSecret === undefined) {
    throw new ConfigError(
      'NOTIFY_WEBHOOK_SECRET',
      'is required when NOTIFY_WEBHOOK_URL is set: every message is signed with it',
    );
  }
  if (webhookSecret !== undefined && webhookSecret.length < 16) {
    throw new ConfigError('NOTIFY_WEBHOOK_SECRET', 'must be at least 16 characters long (e.g. `openssl rand -hex 32`)');
  }
  if (webhookSecret !== undefined && webhookUrl === undefined) {
    throw new ConfigError('NOTIFY_WEBHOOK_URL', 'is required when NOTIFY_WEBHOOK_SECRET is set');
  }

  const summaryHour = read(env, 'NOTIFY_DAILY_SUMMARY_HOUR');
  const retryBaseMs = integer(env, 'NOTIFY_RETRY_BASE_MS', 2_000, 1, 3_600_000);
  const retryMaxMs = integer(env, 'NOTIFY_RETRY_MAX_MS', 300_000, 1, 86_400_000);
  if (retryMaxMs < retryBaseMs)
    throw new ConfigError('NOTIFY_RETRY_MAX_MS', `must be at least NOTIFY_RETRY_BASE_MS (${retryBaseMs})`);
  return {
    telegram: botToken !== undefined && chatId !== undefined ? { botToken, chatId } : undefined,
    telegramApiUrl: url(env, 'TELEGRAM_API_URL', ['https', 'http']) ?? 'https://api.telegram.org',
    discordWebhookUrl,
    webhook:
      webhookUrl !== undefined && webhookSecret !== undefined ? { url: webhookUrl, secret: webhookSecret } : undefined,
    dailySummaryHourUtc:
      summaryHour === undefined || summaryHour.toLowerCase() === 'off'
        ? undefined
        : integer(env, 'NOTIFY_DAILY_SUMMARY_HOUR', 0, 0, 23),
    retryBaseMs,
    retryMaxMs,
    giveUpAfterMs: integer(env, 'NOTIFY_GIVE_UP_AFTER_MS', 86_400_000, 1000, 30 * 86_400_000),
    pollMs: integer(env, 'NOTIFY_POLL_MS', 1000, 10, 600_000),
    retentionDays: integer(env, 'NOTIFY_RETENTION_DAYS', 30, 0, 36_500),
  };
}
