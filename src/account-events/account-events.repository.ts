/**
 * Account events in Postgres: appended with ON CONFLICT DO NOTHING on
 * (account, Binance's id), so the stream, back-fills and a second instance
 * never write an event twice, and only the rows this call actually inserted
 * are answered (and announced). Before inserting, each event is tied to our
 * signal by its client order id, or by the order id of one of our orders or
 * of a triggered protective order; the rest are marked as made outside
 * tvbridge. Both in one statement (account-event-sql.ts). Also: the latest
 * recorded time (where a back-fill starts), the events of a signal, and
 * realised PnL, fees and funding per day or symbol.
 */
import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import { PrismaService } from '../database/prisma.service';
import { Prisma } from '../generated/prisma/client';
import type { AccountEvent } from '../generated/prisma/client';
import { NewAccountEvent } from './account-event';
import { appendEventsSql, recordedEvent } from './account-event-sql';

export type RecordedAccountEvent = AccountEvent;

export interface PnlFilter {
  account: string;
  group: 'day' | 'symbol';
  from?: Date;
  to?: Date;
  symbol?: string;
}

export interface PnlAggregate {
  key: string;
  realized_pnl: Prisma.Decimal;
  fees: Prisma.Decimal;
  funding: Prisma.Decimal;
  trades: bigint | number;
  wins: bigint | number;
  losses: bigint | number;
}

@Injectable()
export class AccountEventsRepository {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  /** Inserts the events not recorded yet (for this account), tied to our signals; answers those inserted. */
  async append(account: string, events: NewAccountEvent[]): Promise<RecordedAccountEvent[]> {
    if (!events.length) return [];
    const { text, values } = appendEventsSql(account, events);
    const { rows } = await this.pool.query<Record<string, unknown>>(text, values);
    return rows.map(recordedEvent);
  }

  /** When the latest recorded event of the account happened. */
  async latestOccurredAt(account: string): Promise<Date | undefined> {
    const latest = await this.prisma.accountEvent.findFirst({
      where: { account, source: { in: ['stream', 'backfill'] } },
      orderBy: { occurredAt: 'desc' },
      select: { occurredAt: true },
    });
    return latest?.occurredAt;
  }

  /** When the first signal was received (a first back-fill starts there, at the earliest). */
  async firstSignalAt(): Promise<Date | undefined> {
    const first = await this.prisma.signal.findFirst({ orderBy: { receivedAt: 'asc' }, select: { receivedAt: true } });
    return first?.receivedAt;
  }

  /** Symbols our orders were sent for since `since` (their fills are looked for in a back-fill). */
  async orderedSymbols(since: Date): Promise<string[]> {
    const rows = await this.prisma.exchangeOrder.findMany({
      where: { createdAt: { gte: since } },
      distinct: ['symbol'],
      select: { symbol: true },
    });
    return rows.map((r) => r.symbol);
  }

  /**
   * The earliest answer time of our filled orders (answered between `from`
   * and `until`) whose fills are not recorded: the stream lost them.
   */
  async earliestUnrecordedFill(account: string, from: Date, until: Date): Promise<Date | undefined> {
    const [row] = await this.prisma.$queryRaw<Array<{ earliest: Date | null }>>`
      SELECT MIN(o."answeredAt") AS earliest FROM "ExchangeOrder" o
      WHERE o."status" IN ('FILLED', 'PARTIALLY_FILLED') AND o."exchangeOrderId" IS NOT NULL
        AND o."answeredAt" >= ${from} AND o."answeredAt" < ${until}
        AND NOT EXISTS (
          SELECT 1 FROM "AccountEvent" e WHERE e."account" = ${account} AND e."orderId" = o."exchangeOrderId"
        )`;
    return row?.earliest ?? undefined;
  }

  ofSignal(signalId: string): Promise<RecordedAccountEvent[]> {
    return this.prisma.accountEvent.findMany({
      where: { signalId },
      orderBy: [{ occurredAt: 'asc' }, { eventKey: 'asc' }],
    });
  }

  /**
   * Realised PnL, fees and funding per UTC day or per symbol. Fees are the
   * commissions paid in the symbol's quote asset (USDT for BTCUSDT); a
   * commission paid in BNB is listed with its fill but not added here.
   */
  pnl(filter: PnlFilter): Promise<PnlAggregate[]> {
    const key =
      filter.group === 'day'
        ? Prisma.sql`to_char("occurredAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD')`
        : Prisma.sql`"symbol"`;
    const conditions = [
      Prisma.sql`"account" = ${filter.account}`,
      Prisma.sql`"kind" IN ('FILL', 'LIQUIDATION', 'ADL', 'FUNDING_FEE')`,
      Prisma.sql`"symbol" IS NOT NULL`,
      ...(filter.from ? [Prisma.sql`"occurredAt" >= ${filter.from}`] : []),
      ...(filter.to ? [Prisma.sql`"occurredAt" < ${filter.to}`] : []),
      ...(filter.symbol ? [Prisma.sql`"symbol" = ${filter.symbol}`] : []),
    ];
    const fill = Prisma.sql`"kind" IN ('FILL', 'LIQUIDATION', 'ADL')`;
    return this.prisma.$queryRaw<PnlAggregate[]>`
      SELECT ${key} AS key,
        COALESCE(SUM("realizedPnl") FILTER (WHERE ${fill}), 0)::numeric AS realized_pnl,
        COALESCE(SUM("commission") FILTER (WHERE ${fill} AND "symbol" LIKE '%' || "commissionAsset"), 0)::numeric
          AS fees,
        COALESCE(SUM("amount") FILTER (WHERE "kind" = 'FUNDING_FEE'), 0)::numeric AS funding,
        COUNT(*) FILTER (WHERE ${fill} AND "realizedPnl" <> 0) AS trades,
        COUNT(*) FILTER (WHERE ${fill} AND "realizedPnl" > 0) AS wins,
        COUNT(*) FILTER (WHERE ${fill} AND "realizedPnl" < 0) AS losses
      FROM "AccountEvent"
      WHERE ${Prisma.join(conditions, ' AND ')}
      GROUP BY 1
      ORDER BY 1`;
  }
}
