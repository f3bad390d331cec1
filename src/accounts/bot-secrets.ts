/**
 * A bot's webhook secret, read for checking an alert: the bot by its slug (bot-directory.ts: from the
 * copy last seen while Postgres does not answer), its secret decrypted (AES-256-GCM,
 * CONFIG_ENCRYPTION_KEY) and kept on the redaction list. A bot whose secret cannot be read (no key, or
 * not the key it was sealed with) takes no alert: that is said loudly in the log, and answered clearly.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { open } from '../common/secret-box';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import { SECRET_REDACTOR } from '../logging/logging.module';
import { SecretRedactor } from '../logging/secret-redactor';
import { BotDirectory } from './bot-directory';
import type { BotWithAccounts } from './bot-view';

export type ResolvedBot = { bot: BotWithAccounts; secret: string } | { bot: BotWithAccounts; unreadable: string };

@Injectable()
export class BotSecrets {
  private readonly logger = new Logger('Bots');
  private readonly loggedAt = new Map<string, number>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SECRET_REDACTOR) private readonly redactor: SecretRedactor,
    private readonly bots: BotDirectory,
  ) {}

  /** The bot of a URL with its secret (or why it cannot be read); undefined when no bot has the slug. */
  async resolve(slug: string): Promise<ResolvedBot | undefined> {
    const bot = await this.bots.bot(slug);
    // The default bot answers on today's routes only (it has no secret of its own).
    if (!bot || !bot.secretCiphertext || !bot.secretIv || !bot.secretTag) return undefined;
    const key = this.config.configEncryptionKey;
    if (!key) return this.unreadable(bot, 'CONFIG_ENCRYPTION_KEY is not set');
    try {
      const secret = open({ ciphertext: bot.secretCiphertext, iv: bot.secretIv, tag: bot.secretTag }, key);
      this.redactor.add(secret);
      return { bot, secret };
    } catch (error) {
      const why = `it does not decrypt with CONFIG_ENCRYPTION_KEY (was the key changed?): ${(error as Error).message}`;
      return this.unreadable(bot, why);
    }
  }

  private unreadable(bot: BotWithAccounts, why: string): ResolvedBot {
    // Loud, but once a minute per bot: every request to its URL would otherwise add a line.
    const last = this.loggedAt.get(bot.id) ?? 0;
    if (Date.now() - last >= 60_000) {
      this.loggedAt.set(bot.id, Date.now());
      this.logger.error(`bot ${bot.slug} takes no alert: its webhook secret cannot be read: ${why}`);
    }
    return { bot, unreadable: why };
  }
}
