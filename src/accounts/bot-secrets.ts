/**
 * A bot's webhook secret, read for checking an alert: the bot by its slug,
 * its secret decrypted (AES-256-GCM, CONFIG_ENCRYPTION_KEY) and kept on the
 * redaction list. A bot whose secret cannot be read takes no alert.
 */
import { Inject, Injectable } from '@nestjs/common';
import { open } from '../common/secret-box';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import { SECRET_REDACTOR } from '../logging/logging.module';
import { SecretRedactor } from '../logging/secret-redactor';
import { BotRepository } from './bot.repository';
import type { BotWithAccounts } from './bot-view';

export interface ResolvedBot {
  bot: BotWithAccounts;
  secret: string;
}

@Injectable()
export class BotSecrets {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SECRET_REDACTOR) private readonly redactor: SecretRedactor,
    private readonly bots: BotRepository,
  ) {}

  /** The bot of a URL with its secret; undefined when there is no such bot, or its secret cannot be read. */
  async resolve(slug: string): Promise<ResolvedBot | undefined> {
    const bot = await this.bots.findBySlug(slug);
    const key = this.config.configEncryptionKey;
    if (!bot || !key || !bot.secretCiphertext || !bot.secretIv || !bot.secretTag) return undefined;
    const secret = open({ ciphertext: bot.secretCiphertext, iv: bot.secretIv, tag: bot.secretTag }, key);
    this.redactor.add(secret);
    return { bot, secret };
  }
}
