/** Thin data access for accounts: rows in, rows out. */
import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import type { Account } from '../generated/prisma/client';
import { PrismaService } from '../database/prisma.service';

export const DEFAULT_ACCOUNT_ID = 'default';

@Injectable()
export class AccountRepository {
  constructor(private readonly prisma: PrismaService) {}

  list(): Promise<Account[]> {
    return this.prisma.account.findMany({ orderBy: { createdAt: 'asc' } });
  }

  find(id: string): Promise<Account | null> {
    return this.prisma.account.findUnique({ where: { id } });
  }

  findMany(ids: string[]): Promise<Account[]> {
    return this.prisma.account.findMany({ where: { id: { in: ids } } });
  }

  create(data: Prisma.AccountUncheckedCreateInput): Promise<Account> {
    return this.prisma.account.create({ data });
  }

  update(id: string, data: Prisma.AccountUncheckedUpdateInput): Promise<Account> {
    return this.prisma.account.update({ where: { id }, data });
  }

  /** Accounts with executions on record are kept (the history points at them): false then. */
  async remove(id: string): Promise<boolean> {
    const executions = await this.prisma.signal.count({ where: { accountId: id } });
    if (executions > 0) return false;
    await this.prisma.account.delete({ where: { id } });
    return true;
  }
}
