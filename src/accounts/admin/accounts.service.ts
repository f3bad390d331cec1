/**
 * Accounts through the admin API: create (Binance keys checked against the
 * exchange first, the secret stored encrypted), show (masked), change, remove,
 * and each account's kill switch. The default account's keys and mode stay
 * with /api/binance/config (or the environment).
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
import type { Account } from '../../generated/prisma/client';
import { Prisma } from '../../generated/prisma/client';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.module';
import { PrismaService } from '../../database/prisma.service';
import { checkCredentials } from '../../credentials/credential-check';
import { requireEncryptionKey } from '../../common/encryption-key';
import { conflictOnDuplicate } from '../../database/unique-violation';
import { seal } from '../../common/secret-box';
import { createAccountExchange } from '../../exchange/exchange.factory';
import { SECRET_REDACTOR } from '../../logging/logging.module';
import { SecretRedactor } from '../../logging/secret-redactor';
import { AccountDefaults } from '../account-defaults';
import { apiKeyFingerprint, sharedKeyWarnings } from '../api-key-fingerprint';
import { AccountExchanges } from '../account-exchanges';
import { AccountRepository, DEFAULT_ACCOUNT_ID } from '../account.repository';
import { accountView, AccountView } from './account-view';
import { AccountMode, CreateAccountDto, HaltDto, UpdateAccountDto } from './dto/account.dto';

const DUPLICATE_NAME = 'An account with this name already exists';

/** Where the default account's key comes from, for the answers that name it. */
const DEFAULT_KEY_SOURCE = 'BINANCE_API_KEY or /api/binance/config';

@Injectable()
export class AccountsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Accounts');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SECRET_REDACTOR) private readonly redactor: SecretRedactor,
    private readonly repository: AccountRepository,
    private readonly prisma: PrismaService,
    private readonly defaults: AccountDefaults,
    private readonly exchanges: AccountExchanges,
  ) {}

  /** Every enabled account's adapter is started at boot, off the boot path, so its first alert finds it ready. */
  onApplicationBootstrap(): void {
    void this.repository
      .list()
      .then((accounts) => {
        // Keys shared before one key was limited to one account: said at every start until they change.
        for (const [id, warning] of sharedKeyWarnings(accounts, this.config.binanceApiKey)) {
          this.logger.warn(`account ${accounts.find((a) => a.id === id)?.name ?? id}: ${warning}`);
        }
        return this.exchanges.warm(accounts);
      })
      .catch(() => undefined);
  }

  async list(): Promise<AccountView[]> {
    await this.defaults.ensure();
    const accounts = await this.repository.list();
    const warnings = sharedKeyWarnings(accounts, this.config.binanceApiKey);
    return accounts.map((a) => accountView(a, this.config, warnings.get(a.id)));
  }

  async get(id: string): Promise<AccountView> {
    return this.view(await this.found(id));
  }

  async create(dto: CreateAccountDto): Promise<AccountView> {
    if (dto.api_key !== undefined) await this.assertKeyFree(dto.api_key, undefined);
    const keys = await this.checkedKeys(dto.mode, dto.api_key, dto.api_secret);
    const data = {
      id: randomUUID(),
      name: dto.name,
      mode: dto.mode,
      credentialSource: 'stored',
      ...keys,
      sizingMultiplier: dto.sizing_multiplier?.toString() ?? '1',
      maxLeverage: dto.max_leverage ?? null,
      maxPositionValueUsdt: dto.max_position_value_usdt?.toString() ?? null,
      enabled: dto.enabled ?? true,
    };
    const created = await this.keyConflict(keys.apiKey, undefined, () =>
      conflictOnDuplicate(() => this.repository.create(data), DUPLICATE_NAME),
    );
    void this.exchanges.warm([created]);
    return this.view(created);
  }

  async update(id: string, dto: UpdateAccountDto): Promise<AccountView> {
    const account = await this.found(id);
    const changesKeys = dto.mode !== undefined || dto.api_key !== undefined || dto.api_secret !== undefined;
    if (changesKeys && id === DEFAULT_ACCOUNT_ID) {
      throw new BadRequestException(
        "The default account's mode and keys are set through /api/binance/config (or the environment)",
      );
    }
    if (dto.mode === 'paper' && account.mode !== null && account.mode !== 'paper') {
      throw new BadRequestException(
        `Account "${account.name}" trades ${account.mode}: it cannot become a paper account, since its positions, ` +
          `orders and protection are on Binance and its history is ${account.mode}. To rehearse, create a paper ` +
          'account (POST /api/admin/accounts {"name": "…", "mode": "paper"}) and put it in the bot instead; to stop ' +
          'this one trading, close its positions and PATCH it {"enabled": false}',
      );
    }
    let keys = {};
    if (dto.api_key !== undefined && account.apiKey && dto.api_key !== account.apiKey) {
      await this.refuseRekeyWhileOpen(account);
    }
    if (changesKeys) {
      const mode = dto.mode ?? (account.mode as AccountMode);
      const apiKey = dto.api_key ?? account.apiKey;
      if (mode !== 'paper' && apiKey) await this.assertKeyFree(apiKey, id);
      const sameKey = dto.api_key === undefined || dto.api_key === account.apiKey;
      if (mode !== 'paper' && dto.api_secret === undefined && !(sameKey && account.secretCiphertext)) {
        throw new BadRequestException('api_secret is required with a new api_key or mode');
      }
      keys =
        mode !== 'paper' && dto.api_secret === undefined
          ? { mode }
          : { mode, ...(await this.checkedKeys(mode, dto.api_key ?? account.apiKey ?? undefined, dto.api_secret)) };
    }
    const data: Prisma.AccountUncheckedUpdateInput = {
      ...keys,
      ...(dto.name !== undefined ? { name: dto.name } : {}),
      ...(dto.sizing_multiplier !== undefined ? { sizingMultiplier: dto.sizing_multiplier.toString() } : {}),
      ...(dto.max_leverage !== undefined ? { maxLeverage: dto.max_leverage } : {}),
      ...(dto.max_position_value_usdt !== undefined
        ? { maxPositionValueUsdt: dto.max_position_value_usdt?.toString() ?? null }
        : {}),
      ...(dto.enabled !== undefined ? { enabled: dto.enabled } : {}),
    };
    const newKey = 'apiKey' in keys ? (keys.apiKey as string | null) : null;
    const updated = await this.keyConflict(newKey, id, () =>
      conflictOnDuplicate(() => this.repository.update(id, data), DUPLICATE_NAME),
    );
    // A disabled account's stream stops (its listenKey closed); new keys or mode start a new one.
    if (updated.enabled) void this.exchanges.warm([updated]);
    else this.exchanges.release(id);
    return this.view(updated);
  }

  async remove(id: string): Promise<{ success: true; removed: string }> {
    await this.found(id);
    if (id === DEFAULT_ACCOUNT_ID) {
      throw new ConflictException('The default account cannot be removed: disable it (enabled: false) instead');
    }
    if (!(await this.repository.remove(id))) {
      throw new ConflictException(
        'The account has executions on record (every alert that reached it, one that sent no order included) ' +
          'and is kept for the history: disable it instead ({"enabled": false})',
      );
    }
    this.exchanges.release(id);
    return { success: true, removed: id };
  }

  /**
   * A new api_key is another Binance account: positions and protective orders open under the current key
   * would stay there, no longer followed (their protection unmanaged). Refused (409, naming them) while
   * any is open; positions that cannot be read (keys revoked) are not counted.
   */
  private async refuseRekeyWhileOpen(account: Account): Promise<void> {
    const protection = await this.prisma.protectiveOrder.findMany({
      where: { status: { in: ['PENDING', 'NEW', 'TRIGGERED'] }, signal: { accountId: account.id } },
      select: { clientAlgoId: true, symbol: true, status: true },
      orderBy: { createdAt: 'asc' },
      take: 10,
    });
    const adapter = await this.exchanges.adapterOf(account).catch(() => undefined);
    const positions = adapter ? await adapter.allPositions().catch(() => []) : [];
    if (!protection.length && !positions.length) return;
    const open = [
      ...positions.map((p) => `${p.direction.toLowerCase()} ${p.quantity.toString()} ${p.symbol}`),
      ...protection.map((p) => `protective order ${p.clientAlgoId} (${p.symbol}, ${p.status.toLowerCase()})`),
    ];
    throw new ConflictException(
      `Account ${account.name} has open under its current api_key: ${open.join(', ')}. A new api_key would leave ` +
        'them on the old Binance account, no longer followed: close the positions (and their protection) first',
    );
  }

  async halt(id: string, dto: HaltDto): Promise<AccountView> {
    await this.found(id);
    const data = { halted: true, haltReason: dto.reason ?? null, haltedAt: new Date() };
    return accountView(await this.repository.update(id, data), this.config);
  }

  async resume(id: string): Promise<AccountView> {
    await this.found(id);
    const data = { halted: false, haltReason: null, haltedAt: null };
    return accountView(await this.repository.update(id, data), this.config);
  }

  /** One account with the warning of a key it shares with another account, if it does. */
  private async view(account: Account): Promise<AccountView> {
    const warnings = sharedKeyWarnings(await this.repository.list(), this.config.binanceApiKey);
    return accountView(account, this.config, warnings.get(account.id));
  }

  /**
   * 409 when another account (the default account's environment or stored key included) already trades
   * with this Binance key: both would send every alert to the same Binance account.
   */
  private async assertKeyFree(apiKey: string, selfId: string | undefined): Promise<void> {
    const environmentKey = this.config.binanceApiKey;
    if (
      selfId !== DEFAULT_ACCOUNT_ID &&
      environmentKey &&
      apiKeyFingerprint(environmentKey) === apiKeyFingerprint(apiKey)
    ) {
      throw this.keyTaken({ id: DEFAULT_ACCOUNT_ID, name: 'Default' }, 'BINANCE_API_KEY');
    }
    const holder = await this.repository.holderOfKey(apiKey, apiKeyFingerprint(apiKey), selfId);
    if (holder) throw this.keyTaken(holder, holder.id === DEFAULT_ACCOUNT_ID ? DEFAULT_KEY_SOURCE : undefined);
  }

  /** The unique fingerprint refused a write (another save of the same key won the race): 409 naming it. */
  private async keyConflict<T>(apiKey: string | null, selfId: string | undefined, write: () => Promise<T>) {
    try {
      return await write();
    } catch (error) {
      if (error instanceof ConflictException && apiKey) await this.assertKeyFree(apiKey, selfId);
      throw error;
    }
  }

  private keyTaken(holder: { id: string; name: string }, source?: string): ConflictException {
    const where = source ? ` (${source})` : '';
    return new ConflictException(
      `This Binance API key is already used by account "${holder.name}" (id ${holder.id})${where}: one key ` +
        'trades one account, or every alert would be sent twice to the same Binance account. Make a key of its ' +
        `own for this account on Binance (API Management), or put account "${holder.name}" in the bot instead`,
    );
  }

  private async found(id: string): Promise<Account> {
    const account = await this.repository.find(id);
    if (!account) throw new NotFoundException(`No account with id ${id}`);
    return account;
  }

  /** Paper: no keys. Testnet/live: both, checked against the exchange, the secret sealed. */
  private async checkedKeys(mode: AccountMode, apiKey?: string, apiSecret?: string) {
    const none = {
      apiKey: null,
      apiKeyFingerprint: null,
      secretCiphertext: null,
      secretIv: null,
      secretTag: null,
      lastCheckOk: null,
    };
    if (mode === 'paper') {
      if (apiKey !== undefined || apiSecret !== undefined) {
        throw new BadRequestException('A paper account takes no api_key or api_secret: nothing reaches Binance');
      }
      return { ...none, lastCheckedAt: null, lastCheckError: null };
    }
    if (!apiKey || !apiSecret) throw new BadRequestException(`A ${mode} account needs api_key and api_secret`);
    const key = requireEncryptionKey(this.config.configEncryptionKey);
    const adapter = createAccountExchange(this.config, this.prisma, { mode, apiKey, apiSecret });
    await checkCredentials(adapter);
    adapter.stop();
    this.redactor.add(apiSecret);
    const sealed = seal(apiSecret, key);
    return {
      apiKey,
      apiKeyFingerprint: apiKeyFingerprint(apiKey),
      secretCiphertext: sealed.ciphertext,
      secretIv: sealed.iv,
      secretTag: sealed.tag,
      lastCheckOk: true,
      lastCheckError: null,
      lastCheckedAt: new Date(),
    };
  }
}
