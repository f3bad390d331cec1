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

  /** Another account trading with this key (by its fingerprint, or by the key itself for keys saved before it). */
  holderOfKey(apiKey: string, fingerprint: string, exceptId: string | undefined): Promise<Account | null> {
    return this.prisma.account.findFirst({
      where: {
        ...(exceptId ? { id: { not: exceptId } } : {}),
        OR: [{ apiKeyFingerprint: fingerprint }, { apiKey, credentialSource: 'stored' }],
      },
      orderBy: { createdAt: 'asc' },
    });
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

  /**
   * Accounts with executions on record are kept (the history points at them): false then. One statement,
   * and the executions' foreign key (ON DELETE RESTRICT) refuses it too, so an alert that writes its
   * execution at the same moment either makes the removal wait and fail, or finds the account gone.
   */
  async remove(id: string): Promise<boolean> {
    let removed: number;
    try {
      removed = await this.prisma.$executeRaw`
        DELETE FROM "Account" WHERE "id" = ${id} AND NOT EXISTS (SELECT 1 FROM "Signal" WHERE "accountId" = ${id})`;
    } catch (error) {
      if (isRestricted(error)) return false;
      throw error;
    }
    if (removed === 0) return false;
    await this.written();
    return true;
  }

  /**
   * Binance refused the account's keys on an alert: its last check says so (GET /api/admin/accounts).
   * Written without touching updatedAt, which would rebuild the account's adapter for nothing.
   */
  async markKeysRefused(id: string, error: string): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE "Account" SET "lastCheckOk" = false, "lastCheckError" = ${error}, "lastCheckedAt" = now()
       WHERE id = ${id}`;
  }

  private async written(): Promise<void> {
    await Promise.all(this.writeListeners.map((listener) => listener()));
  }
}

/** Postgres refused the delete for the rows that still point at the account (foreign key violation). */
function isRestricted(error: unknown): boolean {
  const e = error as { code?: string; meta?: { code?: string }; message?: string };
  return e.code === '23503' || e.meta?.code === '23503' || /23503|foreign key/i.test(e.message ?? '');
}
