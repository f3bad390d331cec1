/**
 * The channel settings in force (pure): the environment's, overridden field by
 * field by what the admin API saved, and their masked view for answers.
 */
import type { NotificationConfig } from '../../config/notification-config';
import { maskKey } from '../../common/secret-box';
import type { DiscordTarget } from '../channels/discord.channel';
import type { WebhookTarget } from '../channels/signed-webhook.channel';
import type { TelegramTarget } from '../channels/telegram.channel';
import { ChannelName, DEFAULT_SWITCHES, EVENT_TYPES, EventType } from '../notification-events';

export type EventSwitches = Record<EventType, boolean>;

/** What the admin API stores in clear: no secret here. */
export interface StoredChannelOptions {
  telegram?: { enabled?: boolean; chatId?: string; events?: Partial<EventSwitches> };
  discord?: { enabled?: boolean; events?: Partial<EventSwitches> };
  webhook?: { enabled?: boolean; url?: string; events?: Partial<EventSwitches> };
}

/** What the admin API stores encrypted. */
export interface StoredChannelSecrets {
  telegramBotToken?: string;
  discordWebhookUrl?: string;
  webhookSecret?: string;
}

export interface StoredSettings {
  options: StoredChannelOptions;
  secrets: StoredChannelSecrets;
}

export interface ChannelSettings<Target> {
  /** Configured (a complete target) and not switched off. */
  enabled: boolean;
  target?: Target;
  events: EventSwitches;
}

export interface NotificationSettings {
  telegram: ChannelSettings<TelegramTarget>;
  discord: ChannelSettings<DiscordTarget>;
  webhook: ChannelSettings<WebhookTarget>;
}

function switches(stored?: Partial<EventSwitches>): EventSwitches {
  return Object.fromEntries(EVENT_TYPES.map((t) => [t, stored?.[t] ?? DEFAULT_SWITCHES[t]])) as EventSwitches;
}

function channel<T>(
  target: T | undefined,
  enabled: boolean | undefined,
  events?: Partial<EventSwitches>,
): ChannelSettings<T> {
  return { enabled: target !== undefined && enabled !== false, target, events: switches(events) };
}

export function resolveSettings(env: NotificationConfig, stored?: StoredSettings): NotificationSettings {
  const o = stored?.options ?? {};
  const s = stored?.secrets ?? {};
  const botToken = s.telegramBotToken ?? env.telegram?.botToken;
  const chatId = o.telegram?.chatId ?? env.telegram?.chatId;
  const discordUrl = s.discordWebhookUrl ?? env.discordWebhookUrl;
  const webhookUrl = o.webhook?.url ?? env.webhook?.url;
  const webhookSecret = s.webhookSecret ?? env.webhook?.secret;
  return {
    telegram: channel(
      botToken && chatId ? { apiUrl: env.telegramApiUrl, botToken, chatId } : undefined,
      o.telegram?.enabled,
      o.telegram?.events,
    ),
    discord: channel(discordUrl ? { webhookUrl: discordUrl } : undefined, o.discord?.enabled, o.discord?.events),
    webhook: channel(
      webhookUrl && webhookSecret ? { url: webhookUrl, secret: webhookSecret } : undefined,
      o.webhook?.enabled,
      o.webhook?.events,
    ),
  };
}

/** The channels an event goes to, under these settings. */
export function channelsFor(settings: NotificationSettings, type: EventType): ChannelName[] {
  return (Object.keys(settings) as ChannelName[]).filter(
    (name) => settings[name].enabled && settings[name].events[type],
  );
}

/** Discord's webhook URL ends with the webhook's token: only its id is shown. */
function maskDiscordUrl(url: string): string {
  return url.replace(
    /(\/webhooks\/\d+\/)([A-Za-z0-9_-]+)/,
    (_, head: string, token: string) => `${head}${maskKey(token)}`,
  );
}

/** The settings as the admin API shows them: secrets masked, never returned. */
export function maskedSettings(
  settings: NotificationSettings,
  configured: Record<ChannelName, 'environment' | 'stored' | 'none'>,
) {
  const { telegram, discord, webhook } = settings;
  return {
    telegram: {
      enabled: telegram.enabled,
      source: configured.telegram,
      bot_token: maskKey(telegram.target?.botToken),
      chat_id: telegram.target?.chatId ?? null,
      api_url: telegram.target?.apiUrl ?? null,
      events: telegram.events,
    },
    discord: {
      enabled: discord.enabled,
      source: configured.discord,
      webhook_url: discord.target ? maskDiscordUrl(discord.target.webhookUrl) : null,
      events: discord.events,
    },
    webhook: {
      enabled: webhook.enabled,
      source: configured.webhook,
      url: webhook.target?.url ?? null,
      secret: webhook.target ? maskKey(webhook.target.secret) : null,
      events: webhook.events,
    },
  };
}
