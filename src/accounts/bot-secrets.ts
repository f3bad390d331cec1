/**
 * A bot's webhook secret, read for checking an alert: the bot by its slug (bot-directory.ts: from the
 * copy last seen while Postgres does not answer), its secret decrypted (AES-256-GCM,
 * CONFIG_ENCRYPTION_KEY) and kept on the redaction list. A bot whose secret cannot be read (no key, or
 * not the key it was sealed with) takes no alert: that is said loudly in the log, and answered clearly.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { sameSecret } from '../common/constant-time';
import { open } from '../common/secret-box';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import { SECRET_REDACTOR } from '../logging/logging.module';
import { SecretRedactor } from '../logging/secret-redactor';
import { BotDirectory } from './bot-directory';
import type { BotWithAccounts } from './bot-view';

/** How old the copy of the bots may be when a secret it does not know arrives. */
const SIGNED_RELOAD_MS = 1000;

export type ResolvedBot = { bot: BotWithAccounts; secret: string } | { bot: BotWithAccounts; unreadable: string };

@Injectable()
export class BotSecrets {
  private readonly logger = new Logger('Bots');
  private readonly loggedAt = new Map<string, number>();
  /** Decrypted secrets by their sealed value (a new secret is a new sealed value). */
  private readonly opened = new Map<string, string>();

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

  /**
   * Whether `given` is this bot's secret, for the rate limiter (alerts carrying their bot's secret are
   * never throttled): from the copy of the bots last seen, the secret decrypted once per sealed value and
   * compared in constant time. A request with no secret at all costs no database read; one whose secret
   * the copy does not know (a bot created or re-keyed on another instance) is checked again against a
   * copy reloaded after it arrived: at most one such reload a second whatever the traffic.
   */
  async signs(slug: string, given: string | undefined): Promise<boolean> {
    if (given === undefined) return false;
    const arrived = Date.now();
    if (this.signsFromCopy(slug, given)) return true;
    await this.bots.refreshedSince(arrived, SIGNED_RELOAD_MS);
    return this.signsFromCopy(slug, given);
  }

  private signsFromCopy(slug: string, given: string): boolean {
    const bot = this.bots.lastSeen(slug);
    const key = this.config.configEncryptionKey;
    if (!bot?.secretCiphertext || !bot.secretIv || !bot.secretTag || !key) return false;
    let secret = this.opened.get(bot.secretCiphertext);
    if (secret === undefined) {
      try {
        secret = open({ ciphertext: bot.secretCiphertext, iv: bot.secretIv, tag: bot.secretTag }, key);
      } catch {
        return false;
      }
      if (this.opened.size >= 1000) this.opened.clear();
      this.opened.set(bot.secretCiphertext, secret);
    }
    return sameSecret(given, secret);
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
