/**
 * The notification settings in force: the environment's, with what the admin
 * API saved on top (secrets sealed with CONFIG_ENCRYPTION_KEY, like the Binance
 * credentials). Read often by the dispatcher, so kept for a few seconds; other
 * instances see a change within that time.
 */
import { NO_ENCRYPTION_KEY, requireEncryptionKey } from '../../common/encryption-key';
import { BadRequestException, Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.module';
import { open, seal } from '../../common/secret-box';
import { SECRET_REDACTOR } from '../../logging/logging.module';
import { SecretRedactor } from '../../logging/secret-redactor';
import { NotificationSettingsDto, isDiscordWebhookUrl } from '../dto/notification-settings.dto';
import { ChannelName, EVENT_TYPES, EventType } from '../notification-events';
import {
  EventSwitches,
  maskedSettings,
  NotificationSettings,
  resolveSettings,
  StoredChannelOptions,
  StoredChannelSecrets,
  StoredSettings,
} from './notification-settings';
import { NotificationSettingsRepository } from './notification-settings.repository';

const CACHE_MS = 5_000;
@Injectable()
export class NotificationSettingsService {
  private readonly logger = new Logger('Notifications');
  private cached?: { at: number; stored?: StoredSettings };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SECRET_REDACTOR) private readonly redactor: SecretRedactor,
    private readonly repository: NotificationSettingsRepository,
  ) {
    const env = config.notifications;
    for (const secret of [env.telegram?.botToken, env.webhook?.secret, discordToken(env.discordWebhookUrl)])
      redactor.add(secret);
  }

  async current(): Promise<NotificationSettings> {
    return resolveSettings(this.config.notifications, await this.stored());
  }

  async describe() {
    const stored = await this.stored();
    const env = this.config.notifications;
    const source = (fromStore: unknown, fromEnv: unknown) =>
      fromStore !== undefined ? 'stored' : fromEnv !== undefined ? 'environment' : 'none';
    return maskedSettings(resolveSettings(env, stored), {
      telegram: source(stored?.secrets.telegramBotToken ?? stored?.options.telegram?.chatId, env.telegram),
      discord: source(stored?.secrets.discordWebhookUrl, env.discordWebhookUrl),
      webhook: source(stored?.secrets.webhookSecret ?? stored?.options.webhook?.url, env.webhook),
    });
  }

  async update(dto: NotificationSettingsDto) {
    if (dto.discord?.webhook_url && !isDiscordWebhookUrl(dto.discord.webhook_url)) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: [
          'discord.webhook_url must be a Discord webhook URL, like https://discord.com/api/webhooks/<id>/<token>',
        ],
      });
    }
    const events = [dto.telegram?.events, dto.discord?.events, dto.webhook?.events].flatMap((e) =>
      Object.entries(e ?? {}),
    );
    const bad = events.find(([type, on]) => !EVENT_TYPES.includes(type as EventType) || typeof on !== 'boolean');
    if (bad)
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: [`events: "${bad[0]}" must be one of ${EVENT_TYPES.join(', ')}, set to true or false`],
      });

    const current = (await this.stored(true)) ?? { options: {}, secrets: {} };
    const options: StoredChannelOptions = structuredClone(current.options);
    const secrets: StoredChannelSecrets = { ...current.secrets };
    const set = <T extends object, K extends keyof T>(target: T, key: K, value: T[K] | null | undefined) => {
      if (value === null) delete target[key];
      else if (value !== undefined) target[key] = value;
    };
    const switches = (old?: Partial<EventSwitches>, given?: Record<string, boolean>) =>
      given ? { ...old, ...given } : old;
    if (dto.telegram) {
      options.telegram = { ...options.telegram, events: switches(options.telegram?.events, dto.telegram.events) };
      set(options.telegram, 'enabled', dto.telegram.enabled);
      set(options.telegram, 'chatId', dto.telegram.chat_id);
      set(secrets, 'telegramBotToken', dto.telegram.bot_token);
    }
    if (dto.discord) {
      options.discord = { ...options.discord, events: switches(options.discord?.events, dto.discord.events) };
      set(options.discord, 'enabled', dto.discord.enabled);
      set(secrets, 'discordWebhookUrl', dto.discord.webhook_url);
    }
    if (dto.webhook) {
      options.webhook = { ...options.webhook, events: switches(options.webhook?.events, dto.webhook.events) };
      set(options.webhook, 'enabled', dto.webhook.enabled);
      set(options.webhook, 'url', dto.webhook.url);
      set(secrets, 'webhookSecret', dto.webhook.secret);
    }
    const hasSecrets = Object.keys(secrets).length > 0;
    const key = hasSecrets ? requireEncryptionKey(this.config.configEncryptionKey) : undefined;
    this.learnSecrets(secrets);
    await this.repository.save({
      options,
      sealedSecrets: key ? seal(JSON.stringify(secrets), key) : undefined,
    });
    this.cached = undefined;
    this.logger.log('notification settings saved');
    return this.describe();
  }

  async reset() {
    const removed = await this.repository.remove();
    this.cached = undefined;
    return { success: true, removed, settings: await this.describe() };
  }

  /** Channels that could send now (configured and enabled), for the test route. */
  async enabledChannels(): Promise<ChannelName[]> {
    const settings = await this.current();
    return (Object.keys(settings) as ChannelName[]).filter((name) => settings[name].enabled);
  }

  private async stored(fresh = false): Promise<StoredSettings | undefined> {
    if (!fresh && this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.stored;
    const row = await this.repository.load();
    let secrets: StoredChannelSecrets = {};
    if (row?.sealedSecrets) {
      const key = this.config.configEncryptionKey;
      if (!key) this.logger.warn(`stored notification secrets ignored: ${NO_ENCRYPTION_KEY}`);
      else {
        try {
          secrets = JSON.parse(open(row.sealedSecrets, key)) as StoredChannelSecrets;
        } catch {
          this.logger.error(
            'stored notification secrets could not be decrypted (CONFIG_ENCRYPTION_KEY changed?): ignored',
          );
        }
      }
    }
    this.learnSecrets(secrets);
    const stored = row ? { options: row.options, secrets } : undefined;
    this.cached = { at: Date.now(), stored };
    return stored;
  }

  private learnSecrets(secrets: StoredChannelSecrets): void {
    this.redactor.add(secrets.telegramBotToken);
    this.redactor.add(secrets.webhookSecret);
    this.redactor.add(discordToken(secrets.discordWebhookUrl));
  }
}

/** The secret part of a Discord webhook URL: its last path segment. */
function discordToken(url: string | undefined): string | undefined {
  return url ? /\/webhooks\/\d+\/([A-Za-z0-9_-]+)/.exec(url)?.[1] : undefined;
}
