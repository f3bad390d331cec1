/** The three fake notification services started together, and the settings pointing a service at them. */
import { FakeDiscord } from './fake-discord';
import { FakeTelegram } from './fake-telegram';
import { FakeWebhookReceiver } from './fake-webhook-receiver';

export const TELEGRAM_TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0';
export const TELEGRAM_CHAT = '-1001234567890';
export const WEBHOOK_SECRET = 'notify-webhook-secret-0123456789';

export interface FakeNotifiers {
  telegram: FakeTelegram;
  discord: FakeDiscord;
  webhook: FakeWebhookReceiver;
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startFakeNotifiers(): Promise<FakeNotifiers> {
  const telegram = await new FakeTelegram(TELEGRAM_TOKEN, TELEGRAM_CHAT).start();
  const discord = await new FakeDiscord().start();
  const webhook = await new FakeWebhookReceiver(WEBHOOK_SECRET).start();
  return {
    telegram,
    discord,
    webhook,
    env: {
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      TELEGRAM_CHAT_ID: TELEGRAM_CHAT,
      TELEGRAM_API_URL: telegram.url,
      DISCORD_WEBHOOK_URL: discord.webhookUrl,
      NOTIFY_WEBHOOK_URL: `${webhook.url}/tvbridge-events`,
      NOTIFY_WEBHOOK_SECRET: WEBHOOK_SECRET,
      // The tests run the dispatcher's rounds themselves.
      NOTIFY_POLL_MS: '600000',
    },
    stop: async () => {
      await Promise.all([telegram.stop(), discord.stop(), webhook.stop()]);
    },
  };
}
