/** Thin data access for accounts: rows in, rows out. */
import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import type { Account } from '../generated/prisma/client';
import { PrismaService } from '../database/prisma.service';

export const DEFAULT_ACCOUNT_ID = 'default';

@Injectable()
export class AccountRepository {
  private readonly writeListeners: Array<() => Promise<void>> = [];

  constructor(private readonly prisma: PrismaService) {}

  /** Awaited after every write (the copy bot alerts fall back on during an outage is reloaded). */
  onWrite(listener: () => Promise<void>): void {
    this.writeListeners.push(listener);
  }

  list(): Promise<Account[]> {
    return this.prisma.account.findMany({ orderBy: { createdAt: 'asc' } });
  }

  find(id: string): Promise<Account | null> {
    return this.prisma.account.findUnique({ where: { id } });
  }

  findMany(ids: string[]): Promise<Account[]> {
    return this.prisma.account.findMany({ where: { id: { in: ids } } });
  }

  async create(data: Prisma.AccountUncheckedCreateInput): Promise<Account> {
    const account = await this.prisma.account.create({ data });
    await this.written();
    return account;
  }

  async update(id: string, data: Prisma.AccountUncheckedUpdateInput): Promise<Account> {
    const account = await this.prisma.account.update({ where: { id }, data });
    await this.written();
    return account;
  }

  /** Accounts with executions on record are kept (the history points at them): false then. */
  async remove(id: string): Promise<boolean> {
    const executions = await this.prisma.signal.count({ where: { accountId: id } });
    if (executions > 0) return false;
    await this.prisma.account.delete({ where: { id } });
    await this.written();
    return true;
  }

  private async written(): Promise<void> {
    await Promise.all(this.writeListeners.map((listener) => listener()));
  }
}
