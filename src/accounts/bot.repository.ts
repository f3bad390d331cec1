/** Thin data access for bots and the accounts they trade. */
import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../database/prisma.service';
import type { BotWithAccounts } from './bot-view';

const WITH_ACCOUNTS = { accounts: { select: { accountId: true } } } as const;

@Injectable()
export class BotRepository {
  private readonly writeListeners: Array<() => Promise<void>> = [];

  constructor(private readonly prisma: PrismaService) {}

  /** Awaited after every write (the copy bot alerts fall back on during an outage is reloaded). */
  onWrite(listener: () => Promise<void>): void {
    this.writeListeners.push(listener);
  }

  list(): Promise<BotWithAccounts[]> {
    return this.prisma.bot.findMany({ include: WITH_ACCOUNTS, orderBy: { createdAt: 'asc' } });
  }

  find(id: string): Promise<BotWithAccounts | null> {
    return this.prisma.bot.findUnique({ where: { id }, include: WITH_ACCOUNTS });
  }

  findBySlug(slug: string): Promise<BotWithAccounts | null> {
    return this.prisma.bot.findUnique({ where: { slug }, include: WITH_ACCOUNTS });
  }

  /** Writes the bot and, when given, replaces its list of accounts, in one transaction. */
  async save(
    id: string,
    data: Prisma.BotUncheckedCreateInput | Prisma.BotUncheckedUpdateInput,
    accountIds: string[] | undefined,
    create: boolean,
  ): Promise<BotWithAccounts> {
    await this.prisma.$transaction(async (tx) => {
      if (create) await tx.bot.create({ data: data as Prisma.BotUncheckedCreateInput });
      else await tx.bot.update({ where: { id }, data });
      if (accountIds) {
        await tx.botAccount.deleteMany({ where: { botId: id } });
        await tx.botAccount.createMany({ data: accountIds.map((accountId) => ({ botId: id, accountId })) });
      }
    });
    await this.written();
    return (await this.find(id))!;
  }

  async update(id: string, data: Prisma.BotUncheckedUpdateInput): Promise<BotWithAccounts> {
    const bot = await this.prisma.bot.update({ where: { id }, data, include: WITH_ACCOUNTS });
    await this.written();
    return bot;
  }

  /** How many alerts this bot has on record. */
  alertsOnRecord(id: string): Promise<number> {
    return this.prisma.signal.count({ where: { botId: id, parentId: null } });
  }

  /** Whether alerts of another bot (one removed or renamed since) are recorded under this slug's route. */
  async slugUsedByAnother(slug: string, botId: string | undefined): Promise<boolean> {
    const found = await this.prisma.signal.findFirst({
      where: { route: `bot:${slug}`, ...(botId ? { NOT: { botId } } : {}) },
      select: { id: true },
    });
    return found !== null;
  }

  async remove(id: string): Promise<void> {
    await this.prisma.bot.delete({ where: { id } });
    await this.written();
  }

  private async written(): Promise<void> {
    await Promise.all(this.writeListeners.map((listener) => listener()));
  }

  /** Every bot secret, for the redaction list at boot. */
  sealedSecrets() {
    return this.prisma.bot.findMany({
      where: { secretCiphertext: { not: null } },
      select: { secretCiphertext: true, secretIv: true, secretTag: true },
    });
  }
}
