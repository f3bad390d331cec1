/**
 * Reads the trade history for the admin API: signals and orders with filters
 * and cursor pagination (newest first), one signal in full, and statistics
 * over a time window. Read-only.
 */
import { Injectable } from '@nestjs/common';
import { CursorPosition, encodeCursor } from '../common/cursor';
import { PrismaService } from '../database/prisma.service';
import type { OrderSide } from '../exchange/exchange.port';
import { Prisma } from '../generated/prisma/client';
import type { RecordedAction } from './signal-record';

const HOUR_MS = 3_600_000;

/** The signal that took an external id, and the hash of its body (null for rows older than body hashes). */
export interface ExternalIdClaim {
  signalId: string;
  bodyHash: string | null;
}

export interface SignalFilter {
  symbol?: string;
  action?: RecordedAction;
  status?: Prisma.SignalWhereInput['status'];
  route?: Prisma.SignalWhereInput['route'];
  botId?: string;
  accountId?: string;
  from?: Date;
  to?: Date;
}

/** Whose records: a bot's (its alerts and their executions) and/or an account's (its executions). */
export interface OwnerFilter {
  botId?: string;
  accountId?: string;
}

export interface OrderFilter extends OwnerFilter {
  symbol?: string;
  side?: OrderSide;
  status?: Prisma.ExchangeOrderWhereInput['status'];
  from?: Date;
  to?: Date;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

function window(from?: Date, to?: Date): Prisma.DateTimeFilter | undefined {
  if (!from && !to) return undefined;
  return { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) };
}

/** Rows strictly older than the cursor in (time, id) order. */
function before(field: 'receivedAt' | 'createdAt', cursor?: CursorPosition): object {
  if (!cursor) return {};
  return { OR: [{ [field]: { lt: cursor.at } }, { [field]: cursor.at, id: { lt: cursor.id } }] };
}

@Injectable()
export class SignalHistoryRepository {
  constructor(private readonly prisma: PrismaService) {}

  async signals(filter: SignalFilter, limit: number, cursor?: CursorPosition) {
    const where: Prisma.SignalWhereInput = {
      AND: [
        {
          symbol: filter.symbol,
          action: filter.action,
          status: filter.status,
          route: filter.route,
          botId: filter.botId,
          accountId: filter.accountId,
          receivedAt: window(filter.from, filter.to),
        },
        before('receivedAt', cursor),
      ],
    };
    const rows = await this.prisma.signal.findMany({
      where,
      orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
      include: { calculation: { select: { quantity: true } } },
    });
    return this.page(rows, limit, (r) => ({ at: r.receivedAt, id: r.id }));
  }

  /** Signals still processing that arrived before `receivedBefore` (interrupted by a crash). */
  interrupted(receivedBefore: Date) {
    return this.prisma.signal.findMany({
      where: { status: 'PROCESSING', receivedAt: { lt: receivedBefore } },
      orderBy: { receivedAt: 'asc' },
      take: 500,
    });
  }

  /** Every account's execution of a bot alert and of the alert's replays: which account, how it ended. */
  async executionsOfAlert(alertId: string) {
    const replays = await this.prisma.signal.findMany({ where: { replayOfId: alertId }, select: { id: true } });
    return this.prisma.signal.findMany({
      where: { parentId: { in: [alertId, ...replays.map((r) => r.id)] } },
      select: {
        id: true,
        accountId: true,
        status: true,
        orders: { select: { clientOrderId: true, status: true, executedQty: true }, orderBy: { createdAt: 'asc' } },
      },
      orderBy: { receivedAt: 'asc' },
    });
  }

  /** Every order of a signal and of its replays that failed or were refused, oldest first. */
  ordersOfSignalAndFailedReplays(signalId: string) {
    const failedReplays = { replayOfId: signalId, status: { in: ['FAILED' as const, 'REJECTED' as const] } };
    return this.prisma.exchangeOrder.findMany({
      where: { signal: { OR: [{ id: signalId }, failedReplays] } },
      select: { signalId: true, clientOrderId: true, status: true, executedQty: true },
      orderBy: [{ createdAt: 'asc' }, { clientOrderId: 'asc' }],
    });
  }

  /** A bot alert's executions, one per account it traded (or refused), with the account's name. */
  async executionsOf(alertId: string) {
    const rows = await this.prisma.signal.findMany({
      where: { parentId: alertId },
      select: {
        id: true,
        accountId: true,
        status: true,
        httpStatus: true,
        exchangeMode: true,
        exchangeHost: true,
        errorMessage: true,
        note: true,
      },
      orderBy: { id: 'asc' },
    });
    const ids = rows.map((r) => r.accountId).filter((id): id is string => id !== null);
    const accounts = ids.length
      ? await this.prisma.account.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })
      : [];
    return rows.map((r) => ({ ...r, accountName: accounts.find((a) => a.id === r.accountId)?.name ?? null }));
  }

  /** The signal that claimed this id on this route, with the hash of its body. */
  async claimOfExternalId(route: string, externalId: string): Promise<ExternalIdClaim | undefined> {
    const where = { route, externalId };
    const row = await this.prisma.signal.findFirst({ where, select: { id: true, bodyHash: true } });
    return row ? { signalId: row.id, bodyHash: row.bodyHash } : undefined;
  }

  signal(id: string) {
    return this.prisma.signal.findUnique({
      where: { id },
      include: {
        calculation: true,
        orders: { orderBy: [{ createdAt: 'asc' }, { clientOrderId: 'asc' }] },
        protectiveOrders: { orderBy: [{ createdAt: 'asc' }, { clientAlgoId: 'asc' }] },
        replays: { select: { id: true, status: true, receivedAt: true } },
      },
    });
  }

  async orders(filter: OrderFilter, limit: number, cursor?: CursorPosition) {
    const where: Prisma.ExchangeOrderWhereInput = {
      AND: [
        { symbol: filter.symbol, side: filter.side, status: filter.status, createdAt: window(filter.from, filter.to) },
        // Whose orders: those of the signals (a bot's alerts' executions, an account's) they were sent for.
        filter.botId || filter.accountId ? { signal: { botId: filter.botId, accountId: filter.accountId } } : {},
        before('createdAt', cursor),
      ],
    };
    const rows = await this.prisma.exchangeOrder.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    return this.page(rows, limit, (r) => ({ at: r.createdAt, id: r.id }));
  }

  /**
   * Statistics of a window, alerts and executions apart: an alert is a row without a parent (a signal of
   * today's routes, or a bot alert's own row), an execution one account's trade of a bot alert. For an
   * account, its alerts are those that reached it (today's routes on the default account, and the bot
   * alerts it has an execution of). Throttled and unauthenticated requests are the server's: only
   * without a bot or account.
   */
  async stats(from?: Date, to?: Date, owner: OwnerFilter = {}) {
    const createdAt = window(from, to);
    const { botId = null, accountId = null } = owner;
    const since = from ?? null;
    const until = to ?? null;
    const common = Prisma.sql`(${botId}::text IS NULL OR s."botId" = ${botId}::text)
           AND (${since}::timestamptz IS NULL OR s."receivedAt" >= ${since}::timestamptz)
           AND (${until}::timestamptz IS NULL OR s."receivedAt" < ${until}::timestamptz)`;
    const alerts = Prisma.sql`s."parentId" IS NULL AND ${common}
           AND (${accountId}::text IS NULL OR s."accountId" = ${accountId}::text OR s.id IN (
                SELECT e."parentId" FROM "Signal" e
                 WHERE e."accountId" = ${accountId}::text AND e."parentId" IS NOT NULL))`;
    const executions = Prisma.sql`s."parentId" IS NOT NULL AND ${common}
           AND (${accountId}::text IS NULL OR s."accountId" = ${accountId}::text)`;
    const countBy = (column: 'status' | 'symbol', where: Prisma.Sql) =>
      this.prisma.$queryRaw<Array<{ key: string; count: number }>>`
        SELECT s.${Prisma.raw(`"${column}"`)}::text AS key, count(*)::int AS count
          FROM "Signal" s WHERE ${where} AND s.${Prisma.raw(`"${column}"`)} IS NOT NULL
         GROUP BY 1 ORDER BY 1`;
    const mine = { botId: owner.botId, accountId: owner.accountId };
    const owned = owner.botId !== undefined || owner.accountId !== undefined;
    const [alertStatus, alertSymbol, executionStatus, executionSymbol, volume, latency, tallies] = await Promise.all([
      countBy('status', alerts),
      countBy('symbol', alerts),
      countBy('status', executions),
      countBy('symbol', executions),
      this.prisma.exchangeOrder.groupBy({
        by: ['symbol'],
        where: { createdAt, status: { in: ['FILLED', 'PARTIALLY_FILLED'] }, signal: mine },
        _sum: { cumQuote: true },
      }),
      // How fast alerts were answered (a bot alert's answer waits for its accounts).
      this.prisma.$queryRaw<Array<{ p50: number | null; p95: number | null; p99: number | null }>>`
        SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY "latencyMs") AS p50,
               percentile_cont(0.95) WITHIN GROUP (ORDER BY "latencyMs") AS p95,
               percentile_cont(0.99) WITHIN GROUP (ORDER BY "latencyMs") AS p99
          FROM "Signal" s
         WHERE "latencyMs" IS NOT NULL AND ${alerts}`,
      // Tallies are hourly: a window takes the hour it starts in and those that start inside it.
      owned
        ? Promise.resolve(undefined)
        : this.prisma.requestTally.groupBy({
            by: ['kind'],
            where: {
              windowStart: window(from ? new Date(Math.floor(from.getTime() / HOUR_MS) * HOUR_MS) : undefined, to),
            },
            _sum: { count: true, notStored: true },
          }),
    ]);
    const tally = tallies
      ? (kind: string) => tallies.find((t) => t.kind === kind)?._sum ?? { count: 0, notStored: 0 }
      : undefined;
    return {
      alerts: { byStatus: alertStatus, bySymbol: alertSymbol },
      executions: { byStatus: executionStatus, bySymbol: executionSymbol },
      volume,
      latency: latency[0],
      tally,
    };
  }

  /** Executed orders of a window, oldest first, in pages (for the CSV export). */
  async *executedOrders(from?: Date, to?: Date, owner: OwnerFilter = {}, pageSize = 500) {
    let cursor: { createdAt: Date; id: string } | undefined;
    for (;;) {
      const rows = await this.prisma.exchangeOrder.findMany({
        where: {
          status: { in: ['FILLED', 'PARTIALLY_FILLED'] },
          createdAt: window(from, to),
          ...(owner.botId || owner.accountId ? { signal: { botId: owner.botId, accountId: owner.accountId } } : {}),
          ...(cursor
            ? { OR: [{ createdAt: { gt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { gt: cursor.id } }] }
            : {}),
        },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: pageSize,
        include: { signal: { select: { accountId: true, exchangeMode: true } } },
      });
      if (rows.length === 0) return;
      yield rows;
      const last = rows[rows.length - 1];
      cursor = { createdAt: last.createdAt, id: last.id };
      if (rows.length < pageSize) return;
    }
  }

  private page<T>(rows: T[], limit: number, position: (row: T) => CursorPosition): Page<T> {
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? encodeCursor(position(items[items.length - 1])) : null };
  }
}
