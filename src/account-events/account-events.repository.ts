/**
 * Account events in Postgres: appended with ON CONFLICT DO NOTHING on
 * (account, Binance's id), so the stream, back-fills and a second instance
 * never write an event twice, and only the rows this call actually inserted
 * are answered (and announced). Before inserting, each event is tied to our
 * signal by its client order id, or by the order id of one of our orders or
 * of a triggered protective order; the rest are marked as made outside
 * tvbridge. Also: the latest recorded time (where a back-fill starts), the
 * events of a signal, and realised PnL, fees and funding per day or symbol.
 */
import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { Prisma } from '../generated/prisma/client';
import type { AccountEvent } from '../generated/prisma/client';
import { AccountEventOrigin, NewAccountEvent, signalIdOf } from './account-event';

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

const dec = (value: { toString(): string } | undefined) =>
  value === undefined ? undefined : new Prisma.Decimal(value.toString());

@Injectable()
export class AccountEventsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Inserts the events not recorded yet (for this account); answers those inserted. */
  async append(account: string, events: NewAccountEvent[]): Promise<RecordedAccountEvent[]> {
    if (!events.length) return [];
    const attributed = await this.attribute(events);
    return this.prisma.accountEvent.createManyAndReturn({
      data: attributed.map((e) => this.row(account, e)),
      skipDuplicates: true,
    });
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

  /**
   * Our signal for each event: the signal id inside one of our client ids
   * (when that signal is ours: another tvbridge on the account has its own),
   * else the order id of one of our orders or of a triggered protective order.
   */
  private async attribute(events: NewAccountEvent[]): Promise<NewAccountEvent[]> {
    const clientIds = unique(events.flatMap((e) => [e.clientOrderId, e.clientAlgoId]));
    const orderIds = unique(events.map((e) => e.orderId));
    const candidates = unique(clientIds.map(signalIdOf));
    const [signals, orders, protective] = await Promise.all([
      candidates.length
        ? this.prisma.signal.findMany({ where: { id: { in: candidates } }, select: { id: true } })
        : Promise.resolve([]),
      this.prisma.exchangeOrder.findMany({
        where: { OR: [{ clientOrderId: { in: clientIds } }, { exchangeOrderId: { in: orderIds } }] },
        select: { signalId: true, clientOrderId: true, exchangeOrderId: true },
      }),
      this.prisma.protectiveOrder.findMany({
        where: { OR: [{ clientAlgoId: { in: clientIds } }, { actualOrderId: { in: orderIds } }] },
        select: { signalId: true, clientAlgoId: true, actualOrderId: true },
      }),
    ]);
    const known = new Set(signals.map((s) => s.id));
    const byClientId = new Map<string, string>();
    const byOrderId = new Map<string, string>();
    for (const o of orders) {
      byClientId.set(o.clientOrderId, o.signalId);
      if (o.exchangeOrderId) byOrderId.set(o.exchangeOrderId, o.signalId);
    }
    for (const p of protective) {
      byClientId.set(p.clientAlgoId, p.signalId);
      if (p.actualOrderId) byOrderId.set(p.actualOrderId, p.signalId);
    }
    return events.map((e) => {
      const fromId = [e.clientOrderId, e.clientAlgoId].map(signalIdOf).find((id) => id && known.has(id));
      const signalId =
        fromId ??
        (e.clientOrderId && byClientId.get(e.clientOrderId)) ??
        (e.clientAlgoId && byClientId.get(e.clientAlgoId)) ??
        (e.orderId && byOrderId.get(e.orderId)) ??
        undefined;
      const origin: AccountEventOrigin = e.origin ?? (signalId ? 'TVBRIDGE' : 'OUTSIDE');
      return { ...e, signalId: signalId || undefined, origin };
    });
  }

  private row(account: string, e: NewAccountEvent): Prisma.AccountEventCreateManyInput {
    return {
      account,
      eventKey: e.eventKey,
      kind: e.kind,
      origin: e.origin ?? 'OUTSIDE',
      symbol: e.symbol,
      signalId: e.signalId,
      clientOrderId: e.clientOrderId ?? e.clientAlgoId,
      orderId: e.orderId,
      tradeId: e.tradeId,
      side: e.side,
      positionSide: e.positionSide,
      price: dec(e.price),
      quantity: dec(e.quantity),
      realizedPnl: dec(e.realizedPnl),
      commission: dec(e.commission),
      commissionAsset: e.commissionAsset,
      amount: dec(e.amount),
      asset: e.asset,
      source: e.source,
      details: e.details ? (JSON.parse(JSON.stringify(e.details)) as Prisma.InputJsonValue) : undefined,
      occurredAt: e.occurredAt,
    };
  }
}

function unique(values: Array<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => !!v))];
}
