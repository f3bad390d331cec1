/**
 * The protective-order table outside a signal's own record: what the monitor
 * reads (protection still open on the exchange), the fates it writes back
 * (triggered, filled at a price, cancelled), the orders it places itself (a
 * stop moved to break-even), and what the admin API lists.
 */
import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { DEFAULT_ACCOUNT } from '../exchange/account-context';
import { Prisma } from '../generated/prisma/client';
import {
  notificationEvent,
  NotificationEventRecord,
  ProtectionFailed,
  ProtectionTriggered,
} from '../notifications/notification-events';
import { protectiveOrderRow } from './record-mapping';
import type { ProtectionStatus, ProtectiveOrderRecord } from './signal-record';

/** Statuses of protection still waiting on the exchange. */
export const OPEN_PROTECTION: ProtectionStatus[] = ['NEW', 'TRIGGERED'];

export type ProtectiveOrderRow = Prisma.ProtectiveOrderGetPayload<object>;

/** The rows of one account's signals (none given: every account's). */
function ofAccount(accountId: string | undefined): Prisma.ProtectiveOrderWhereInput {
  if (accountId === undefined) return {};
  if (accountId !== DEFAULT_ACCOUNT) return { signal: { accountId } };
  return { signal: { OR: [{ accountId: DEFAULT_ACCOUNT }, { accountId: null }] } };
}

export interface ProtectionUpdate {
  status?: ProtectionStatus;
  triggeredAt?: Date;
  filledAt?: Date;
  fillPrice?: string;
  actualOrderId?: string;
  note?: string;
  response?: unknown;
  /** Cleared once a break-even move was decided against (so it is not tried again). */
  breakEven?: boolean;
}

@Injectable()
export class ProtectionRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Where protection is still open: each account and its symbols. A protective order belongs to the
   * account of its signal (today's routes: the default account; a bot alert: each account's execution).
   */
  async accountsWithOpenProtection(): Promise<Array<{ accountId: string; symbols: string[] }>> {
    const rows = await this.prisma.protectiveOrder.findMany({
      where: { status: { in: OPEN_PROTECTION } },
      select: { symbol: true, signal: { select: { accountId: true } } },
      orderBy: { symbol: 'asc' },
    });
    const byAccount = new Map<string, Set<string>>();
    for (const row of rows) {
      const accountId = row.signal.accountId ?? DEFAULT_ACCOUNT;
      byAccount.set(accountId, (byAccount.get(accountId) ?? new Set()).add(row.symbol));
    }
    return [...byAccount].map(([accountId, symbols]) => ({ accountId, symbols: [...symbols] }));
  }

  /** Open protection, of one symbol and / or one account (a signal without account is the default one's). */
  open(symbol?: string, accountId?: string): Promise<ProtectiveOrderRow[]> {
    return this.prisma.protectiveOrder.findMany({
      where: { status: { in: OPEN_PROTECTION }, ...(symbol ? { symbol } : {}), ...ofAccount(accountId) },
      orderBy: [{ symbol: 'asc' }, { createdAt: 'asc' }],
    });
  }

  forSignal(signalId: string): Promise<ProtectiveOrderRow[]> {
    return this.prisma.protectiveOrder.findMany({ where: { signalId }, orderBy: { createdAt: 'asc' } });
  }

  /**
   * A protective order's new fate. `triggered` (a stop, target or trailing stop that fired) is
   * written to the notification outbox in the same transaction, with an id derived from the
   * client algo id: a second instance (or a retry) recording the same fill adds nothing.
   */
  async update(clientAlgoId: string, change: ProtectionUpdate, triggered?: ProtectionTriggered): Promise<void> {
    const event = triggered
      ? notificationEvent(`${clientAlgoId}:protection.triggered`, 'protection.triggered', triggered, new Date())
      : undefined;
    await this.updateWith(clientAlgoId, change, event);
  }

  /**
   * Protection that failed (a break-even move given up, a stop that could not be put back): the order's
   * record and the trader's notification together. `eventId` makes a second write of the same failure add nothing.
   */
  async recordFailure(
    clientAlgoId: string,
    change: ProtectionUpdate,
    failure: ProtectionFailed,
    eventId: string,
  ): Promise<void> {
    await this.updateWith(clientAlgoId, change, notificationEvent(eventId, 'protection.failed', failure, new Date()));
  }

  private async updateWith(
    clientAlgoId: string,
    change: ProtectionUpdate,
    event: NotificationEventRecord | undefined,
  ): Promise<void> {
    const update = this.prisma.protectiveOrder.update({
      where: { clientAlgoId },
      data: { ...change, response: change.response as Prisma.InputJsonValue | undefined },
    });
    if (!event) {
      await update;
      return;
    }
    await this.prisma.$transaction([
      update,
      this.prisma.notificationEvent.createMany({
        data: [{ ...event, payload: event.payload as unknown as Prisma.InputJsonValue }],
        skipDuplicates: true,
      }),
    ]);
  }

  /** An order the monitor placed (or failed to): written at once, idempotent on its client algo id. */
  async record(signalId: string, record: ProtectiveOrderRecord): Promise<void> {
    const row = protectiveOrderRow(signalId, record);
    await this.prisma.protectiveOrder.upsert({ where: { clientAlgoId: row.clientAlgoId }, create: row, update: row });
  }

  /** Protective orders that filled in a window (the CSV export). */
  /** `owner`: only the protection of this bot's and/or this account's signals. */
  /** Protective orders that filled in a window, with their signal's account and mode (for the CSV export). */
  filled(from?: Date, to?: Date, owner: { botId?: string; accountId?: string } = {}) {
    return this.prisma.protectiveOrder.findMany({
      where: {
        status: 'FINISHED',
        filledAt: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) },
        ...(owner.botId || owner.accountId ? { signal: { botId: owner.botId, accountId: owner.accountId } } : {}),
      },
      orderBy: { filledAt: 'asc' },
      include: { signal: { select: { accountId: true, exchangeMode: true } } },
    });
  }
}
