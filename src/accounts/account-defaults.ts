/**
 * The default account (today's credentials: the environment's, or those saved
 * through /api/binance/config) and the default bot (today's routes, trading
 * the default account) exist on every database: written at the first start
 * (a database that recorded signals before got them from its migration), and
 * again whenever the admin API reads accounts or bots, should Postgres have
 * been down at boot (and every RETRY_MS until written: a signal's account must exist, its foreign key
 * says so, so the default routes' records wait in the pending file until then). Existing rows are left
 * as they are.
 */
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { DEFAULT_ACCOUNT_ID } from './account.repository';
import { DEFAULT_BOT_ID } from './bot-view';

const RETRY_MS = 5_000;

@Injectable()
export class AccountDefaults implements OnApplicationBootstrap, OnApplicationShutdown {
  private ensured = false;
  private readonly logger = new Logger('Accounts');
  private retry?: NodeJS.Timeout;

  constructor(private readonly prisma: PrismaService) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensure().catch((error: Error) => {
      this.logger.warn(`default account and bot not written yet (Postgres?): ${error.message}`);
      this.retry = setInterval(() => {
        void this.ensure().then(
          () => clearInterval(this.retry),
          () => undefined,
        );
      }, RETRY_MS);
      this.retry.unref();
    });
  }

  onApplicationShutdown(): void {
    clearInterval(this.retry);
  }

  async ensure(): Promise<void> {
    if (this.ensured) return;
    await this.prisma.$executeRaw`
      INSERT INTO "Account" ("id", "name", "credentialSource", "updatedAt")
      VALUES (${DEFAULT_ACCOUNT_ID}, 'Default', 'environment', now()) ON CONFLICT DO NOTHING`;
    await this.prisma.$executeRaw`
      INSERT INTO "Bot" ("id", "name", "slug", "updatedAt")
      VALUES (${DEFAULT_BOT_ID}, 'Default', 'default', now()) ON CONFLICT DO NOTHING`;
    await this.prisma.$executeRaw`
      INSERT INTO "BotAccount" ("botId", "accountId")
      SELECT ${DEFAULT_BOT_ID}, ${DEFAULT_ACCOUNT_ID}
       WHERE NOT EXISTS (SELECT 1 FROM "BotAccount" WHERE "botId" = ${DEFAULT_BOT_ID})`;
    this.ensured = true;
  }
}
