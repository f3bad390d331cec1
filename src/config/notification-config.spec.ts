import { parseEnv } from './app-config';
import { ConfigError } from './env-readers';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0';
const DISCORD = 'https://discord.com/api/webhooks/1234567890123/abcdefghijklmnopqrstuvwxyz_ABCDEF-123';

function failure(env: Record<string, string>): string {
  try {
    parseEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('notification settings from the environment', () => {
  it('are off with nothing set, with Telegram’s own API address as the default', () => {
    expect(parseEnv({}).notifications).toEqual({
      telegram: undefined,
      telegramApiUrl: 'https://api.telegram.org',
      discordWebhookUrl: undefined,
      webhook: undefined,
      dailySummaryHourUtc: undefined,
      retryBaseMs: 2000,
      retryMaxMs: 300000,
      giveUpAfterMs: 86400000,
      pollMs: 1000,
      retentionDays: 30,
    });
  });

  it('keeps delivered messages 30 days by default; 0 keeps them', () => {
    expect(parseEnv({ NOTIFY_RETENTION_DAYS: '7' }).notifications.retentionDays).toBe(7);
    expect(parseEnv({ NOTIFY_RETENTION_DAYS: '0' }).notifications.retentionDays).toBe(0);
  });

  it('reads every channel', () => {
    const config = parseEnv({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_CHAT_ID: '-1001234567890',
      TELEGRAM_API_URL: 'http://127.0.0.1:9200/',
      DISCORD_WEBHOOK_URL: DISCORD,
      NOTIFY_WEBHOOK_URL: 'https://example.com/hook',
      NOTIFY_WEBHOOK_SECRET: 'a-long-enough-secret',
      NOTIFY_DAILY_SUMMARY_HOUR: '21',
    }).notifications;
    expect(config).toMatchObject({
      telegram: { botToken: TOKEN, chatId: '-1001234567890' },
      telegramApiUrl: 'http://127.0.0.1:9200',
      discordWebhookUrl: DISCORD,
      webhook: { url: 'https://example.com/hook', secret: 'a-long-enough-secret' },
      dailySummaryHourUtc: 21,
    });
    expect(parseEnv({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_CHAT_ID: '@my_trades' }).notifications.telegram?.chatId).toBe(
      '@my_trades',
    );
  });

  it.each([
    [
      { TELEGRAM_BOT_TOKEN: 'not-a-token', TELEGRAM_CHAT_ID: '1' },
      'TELEGRAM_BOT_TOKEN must be a bot token from @BotFather',
    ],
    [{ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_CHAT_ID: 'my chat' }, 'TELEGRAM_CHAT_ID must be a numeric chat id'],
    [{ TELEGRAM_BOT_TOKEN: TOKEN }, 'TELEGRAM_CHAT_ID is required when the other Telegram setting is set'],
    [{ TELEGRAM_CHAT_ID: '12345' }, 'TELEGRAM_BOT_TOKEN is required'],
    [{ TELEGRAM_API_URL: 'api.telegram.org' }, 'TELEGRAM_API_URL must be a URL'],
    [
      { DISCORD_WEBHOOK_URL: 'https://discord.com/channels/123/456' },
      'DISCORD_WEBHOOK_URL must be a Discord webhook URL',
    ],
    [
      { DISCORD_WEBHOOK_URL: 'ftp://discord.com/api/webhooks/1234567890/abcdefghijklmnopqrstuvwxyz' },
      'DISCORD_WEBHOOK_URL must use https or http',
    ],
    [
      { NOTIFY_WEBHOOK_URL: 'https://example.com/hook' },
      'NOTIFY_WEBHOOK_SECRET is required when NOTIFY_WEBHOOK_URL is set',
    ],
    [
      { NOTIFY_WEBHOOK_URL: 'https://example.com/hook', NOTIFY_WEBHOOK_SECRET: 'short' },
      'NOTIFY_WEBHOOK_SECRET must be at least 16 characters',
    ],
    [{ NOTIFY_WEBHOOK_SECRET: 'a-long-enough-secret' }, 'NOTIFY_WEBHOOK_URL is required'],
    [
      { NOTIFY_WEBHOOK_URL: 'not a url', NOTIFY_WEBHOOK_SECRET: 'a-long-enough-secret' },
      'NOTIFY_WEBHOOK_URL must be a URL',
    ],
    [{ NOTIFY_DAILY_SUMMARY_HOUR: '24' }, 'NOTIFY_DAILY_SUMMARY_HOUR must be an integer from 0 to 23'],
    [
      { NOTIFY_RETRY_BASE_MS: '5000', NOTIFY_RETRY_MAX_MS: '1000' },
      'NOTIFY_RETRY_MAX_MS must be at least NOTIFY_RETRY_BASE_MS',
    ],
    [{ NOTIFY_RETENTION_DAYS: '-1' }, 'NOTIFY_RETENTION_DAYS must be an integer from 0 to 36500'],
    [{ NOTIFY_RETENTION_DAYS: '30 days' }, 'NOTIFY_RETENTION_DAYS must be an integer from 0 to 36500'],
  ])('refuses %j with one line naming the variable', (env, message) => {
    const text = failure(env);
    expect(text).toContain(`Invalid configuration: ${message}`);
    expect(text).not.toContain('\n');
    // A malformed token is never echoed back into logs.
    if ('TELEGRAM_BOT_TOKEN' in env) expect(text).not.toContain(TOKEN);
  });
});
