/**
 * Credentials saved at run time (the "Configure via /binance/config" route):
 * checked against the exchange before saving, stored with the secret
 * encrypted, and switched to at once with no restart. DELETE returns to the
 * environment's settings. Stored credentials are used again at boot.
 */
import { ConflictException, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import { PrismaService } from '../database/prisma.service';
import { BinanceFuturesExchange } from '../exchange/binance/binance-futures.exchange';
import { createBinanceExchange, createExchange } from '../exchange/exchange.factory';
import { describeVenue } from '../exchange/exchange-venue';
import { SwitchableExchange } from '../exchange/switchable.exchange';
import { SECRET_REDACTOR } from '../logging/logging.module';
import { SecretRedactor } from '../logging/secret-redactor';
import { checkCredentials } from './credential-check';
import { NO_ENCRYPTION_KEY, requireEncryptionKey } from '../common/encryption-key';
import { CredentialRepository } from './credential.repository';
import { conflictOnDuplicate } from '../database/unique-violation';
import { SaveCredentialsDto } from './credentials.dto';
import { maskKey, open, seal } from '../common/secret-box';

@Injectable()
export class CredentialsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Credentials');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SECRET_REDACTOR) private readonly redactor: SecretRedactor,
    private readonly exchange: SwitchableExchange,
    private readonly repository: CredentialRepository,
    private readonly prisma: PrismaService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const stored = await this.repository.load().catch(() => undefined);
    if (!stored) return;
    if (!this.config.configEncryptionKey) {
      this.logger.warn(`stored Binance credentials ignored: ${NO_ENCRYPTION_KEY}`);
      return;
    }
    try {
      const secret = open(stored.secret, this.config.configEncryptionKey);
      this.redactor.add(secret);
      const adapter = this.adapter(stored.apiKey, secret, stored.mode);
      await adapter.start();
      this.exchange.use(adapter, 'stored');
      const venue = describeVenue(adapter.venue);
      this.logger.log(`using stored Binance credentials (key ${maskKey(stored.apiKey)}): trading mode ${venue}`);
    } catch (error) {
      this.logger.error(`stored Binance credentials could not be used: ${(error as Error).message}`);
    }
  }

  async save(dto: SaveCredentialsDto) {
    const key = requireEncryptionKey(this.config.configEncryptionKey);
    await this.assertKeyFree(dto.api_key);
    const adapter = this.adapter(dto.api_key, dto.api_secret, dto.mode);
    // On failure the submitted secret is not added to the redaction list: anyone could
    // otherwise make the logs and records hide any text ("BTCUSDT").
    await checkCredentials(adapter);
    this.redactor.add(dto.api_secret);
    const checkedAt = new Date();
    const credential = {
      mode: dto.mode,
      apiKey: dto.api_key,
      secret: seal(dto.api_secret, key),
      lastCheckOk: true,
      lastCheckError: null,
      lastCheckedAt: checkedAt,
    } as const;
    // The unique fingerprint refuses a key another account saved meanwhile.
    await conflictOnDuplicate(
      () => this.repository.save(credential),
      'This Binance API key is already used by another account: one key trades one account',
    );
    this.exchange.use(adapter, 'stored');
    const venue = describeVenue(adapter.venue);
    this.logger.log(`switched to stored Binance credentials (key ${maskKey(dto.api_key)}): trading mode ${venue}`);
    return {
      success: true,
      mode: dto.mode,
      api_key: maskKey(dto.api_key),
      last_check_ok: true,
      last_checked_at: checkedAt.toISOString(),
      source: 'stored',
    };
  }

  async describe() {
    const stored = await this.repository.load();
    if (stored && this.exchange.source === 'stored') {
      return {
        source: 'stored',
        mode: stored.mode,
        api_key: maskKey(stored.apiKey),
        last_check_ok: stored.lastCheckOk,
        last_checked_at: stored.lastCheckedAt.toISOString(),
        last_check_error: stored.lastCheckError,
      };
    }
    return {
      source: 'environment',
      mode: this.config.exchangeMode,
      api_key: maskKey(this.config.binanceApiKey),
      last_check_ok: null,
      last_checked_at: null,
      stored_credentials_unused: !!stored,
    };
  }

  async remove() {
    const removed = await this.repository.remove();
    const environment = createExchange(this.config, this.prisma);
    await environment
      .start()
      .catch((error: Error) => this.logger.error(`environment exchange not reachable: ${error.message}`));
    this.exchange.use(environment, 'environment');
    return { success: true, removed, source: 'environment', mode: this.config.exchangeMode };
  }

  /** One Binance key trades one account: 409 naming the account that already uses it. */
  private async assertKeyFree(apiKey: string): Promise<void> {
    const holder = await this.repository.otherHolderOfKey(apiKey);
    if (!holder) return;
    throw new ConflictException(
      `This Binance API key is already used by account "${holder.name}" (id ${holder.id}): one key trades one ` +
        'account, or every alert would be sent twice to the same Binance account. Use a key of its own for ' +
        `the default account, or change account "${holder.name}"'s key first (PATCH /api/admin/accounts/${holder.id})`,
    );
  }

  private adapter(apiKey: string, apiSecret: string, mode: 'testnet' | 'live'): BinanceFuturesExchange {
    return createBinanceExchange(this.config, { apiKey, apiSecret, mode });
  }
}
