/**
 * Bots through the admin API: create, show, change, remove, and each bot's
 * kill switch. A bot's webhook secret is stored encrypted, added to the
 * redaction list (so no record or log line shows it) and never returned.
 * The default bot is today's routes: its secret stays WEBHOOK_SECRET.
 */
import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Prisma } from '../../generated/prisma/client';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.module';
import { NO_ENCRYPTION_KEY, requireEncryptionKey } from '../../common/encryption-key';
import { conflictOnDuplicate } from '../../database/unique-violation';
import { open, seal } from '../../common/secret-box';
import { SECRET_REDACTOR } from '../../logging/logging.module';
import { SecretRedactor } from '../../logging/secret-redactor';
import { AccountDefaults } from '../account-defaults';
import { AccountRepository } from '../account.repository';
import { checkBotDefaults } from '../../webhook/bot-defaults';
import { BotRepository } from '../bot.repository';
import { botView, BotView, BotWithAccounts, DEFAULT_BOT_ID } from '../bot-view';
import { HaltDto } from './dto/account.dto';
import { CreateBotDto, UpdateBotDto } from './dto/bot.dto';

const DUPLICATE_BOT = 'A bot with this name or slug already exists';

/**
 * The default bot is today's routes: they answer with WEBHOOK_SECRET, trade the default account with the
 * alert's own fields, and each route says whether it is state-aware. What would not change them is
 * refused rather than saved and ignored; its name, enabled flag and kill switch are its own.
 */
function assertDefaultBotChange(dto: UpdateBotDto): void {
  const fixed = (['slug', 'webhook_secret', 'account_ids', 'defaults', 'state_aware'] as const).filter(
    (field) => dto[field] !== undefined,
  );
  if (fixed.length === 0) return;
  throw new BadRequestException(
    `The default bot's ${fixed.join(', ')} cannot change: it is today's routes ` +
      '(/api/binance/advanced-trading-webhook and the state-aware one), which answer with WEBHOOK_SECRET and ' +
      "trade the default account with the alert's own fields. For other accounts, defaults or a secret of " +
      "its own, create a bot (POST /api/admin/bots) and use its URL; the default account's limits are set " +
      'with PATCH /api/admin/accounts/default',
  );
}

@Injectable()
export class BotsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Bots');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SECRET_REDACTOR) private readonly redactor: SecretRedactor,
    private readonly repository: BotRepository,
    private readonly accounts: AccountRepository,
    private readonly defaults: AccountDefaults,
  ) {}

  /** The bots' secrets join the redaction list before any alert arrives. */
  async onApplicationBootstrap(): Promise<void> {
    const key = this.config.configEncryptionKey;
    const sealed = await this.repository.sealedSecrets().catch(() => []);
    if (!key) {
      if (sealed.length) this.logger.warn(`bot secrets cannot be read: ${NO_ENCRYPTION_KEY}`);
      return;
    }
    for (const row of sealed) {
      try {
        this.redactor.add(open({ ciphertext: row.secretCiphertext!, iv: row.secretIv!, tag: row.secretTag! }, key));
      } catch (error) {
        this.logger.error(`a bot secret could not be decrypted: ${(error as Error).message}`);
      }
    }
  }

  async list(): Promise<BotView[]> {
    await this.defaults.ensure();
    return (await this.repository.list()).map((b) => this.view(b));
  }

  async get(id: string): Promise<BotView> {
    return this.view(await this.found(id));
  }

  async create(dto: CreateBotDto): Promise<BotView> {
    const id = randomUUID();
    const data = {
      id,
      name: dto.name,
      slug: dto.slug,
      ...this.sealed(dto.webhook_secret),
      stateAware: dto.state_aware ?? false,
      defaults: checkBotDefaults(dto.defaults ?? {}) as Prisma.InputJsonObject,
      enabled: dto.enabled ?? true,
    };
    const accountIds = await this.knownAccounts(dto.account_ids ?? []);
    await this.assertSlugFree(dto.slug, undefined);
    return this.view(await conflictOnDuplicate(() => this.repository.save(id, data, accountIds, true), DUPLICATE_BOT));
  }

  async update(id: string, dto: UpdateBotDto): Promise<BotView> {
    await this.found(id);
    if (id === DEFAULT_BOT_ID) assertDefaultBotChange(dto);
    const data: Prisma.BotUncheckedUpdateInput = {
      ...(dto.name !== undefined ? { name: dto.name } : {}),
      ...(dto.slug !== undefined ? { slug: dto.slug } : {}),
      ...(dto.webhook_secret !== undefined ? this.sealed(dto.webhook_secret) : {}),
      ...(dto.state_aware !== undefined ? { stateAware: dto.state_aware } : {}),
      ...(dto.defaults !== undefined ? { defaults: checkBotDefaults(dto.defaults) as Prisma.InputJsonObject } : {}),
      ...(dto.enabled !== undefined ? { enabled: dto.enabled } : {}),
    };
    const accountIds = dto.account_ids && (await this.knownAccounts(dto.account_ids));
    if (dto.slug !== undefined) await this.assertSlugFree(dto.slug, id);
    return this.view(await conflictOnDuplicate(() => this.repository.save(id, data, accountIds, false), DUPLICATE_BOT));
  }

  async remove(id: string): Promise<{ success: true; removed: string }> {
    await this.found(id);
    if (id === DEFAULT_BOT_ID) {
      throw new ConflictException(
        "The default bot is today's routes and cannot be removed: halt or disable it instead",
      );
    }
    const alerts = await this.repository.alertsOnRecord(id);
    if (alerts > 0) {
      throw new ConflictException(
        `The bot has ${alerts} alert${alerts === 1 ? '' : 's'} on record and is kept for the history (its URL ` +
          'and records stay its own): disable it ({"enabled": false}) or halt it instead',
      );
    }
    await this.repository.remove(id);
    return { success: true, removed: id };
  }

  async halt(id: string, dto: HaltDto): Promise<BotView> {
    await this.found(id);
    return this.view(
      await this.repository.update(id, { halted: true, haltReason: dto.reason ?? null, haltedAt: new Date() }),
    );
  }

  async resume(id: string): Promise<BotView> {
    await this.found(id);
    return this.view(await this.repository.update(id, { halted: false, haltReason: null, haltedAt: null }));
  }

  /** A slug whose route holds another bot's alerts is not reused: that history would mix with this bot's. */
  private async assertSlugFree(slug: string, botId: string | undefined): Promise<void> {
    if (!(await this.repository.slugUsedByAnother(slug, botId))) return;
    throw new ConflictException(
      `The slug ${slug} was used by another bot whose alerts are on record (route bot:${slug}): choose another ` +
        "slug, so each history stays its own bot's",
    );
  }

  private view(bot: BotWithAccounts): BotView {
    return botView(bot, !!this.config.webhookSecret);
  }

  private async found(id: string): Promise<BotWithAccounts> {
    const bot = await this.repository.find(id);
    if (!bot) throw new NotFoundException(`No bot with id ${id}`);
    return bot;
  }

  private sealed(secret: string) {
    const key = requireEncryptionKey(this.config.configEncryptionKey);
    const box = seal(secret, key);
    this.redactor.add(secret);
    return { secretCiphertext: box.ciphertext, secretIv: box.iv, secretTag: box.tag };
  }

  private async knownAccounts(ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    const found = new Set((await this.accounts.findMany(unique)).map((a) => a.id));
    const missing = unique.filter((id) => !found.has(id));
    if (missing.length) throw new BadRequestException(`account_ids: no account with id ${missing.join(', ')}`);
    return unique;
  }
}
