/** Totals of what was recorded over a period (signals by status, filled orders, traded value), for summaries. */
import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';

export interface PeriodFigures {
  signalsByStatus: Record<string, number>;
  filledOrders: number;
  /** Sum of the filled orders' quote value (USDT), exact, as text. */
  tradedValue: string;
}

@Injectable()
export class PeriodFiguresRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async figures(from: Date, to: Date): Promise<PeriodFigures> {
    const [signals, orders] = await Promise.all([
      this.pool.query<{ status: string; n: string }>(
        `SELECT status, count(*) AS n FROM "Signal" WHERE "receivedAt" >= $1 AND "receivedAt" < $2
         GROUP BY status ORDER BY status`,
        [from, to],
      ),
      this.pool.query<{ n: string; value: string | null }>(
        `SELECT count(*) AS n, sum("cumQuote")::text AS value FROM "ExchangeOrder"
         WHERE status IN ('FILLED', 'PARTIALLY_FILLED') AND "createdAt" >= $1 AND "createdAt" < $2`,
        [from, to],
      ),
    ]);
    return {
      signalsByStatus: Object.fromEntries(signals.rows.map((r) => [r.status, Number(r.n)])),
      filledOrders: Number(orders.rows[0].n),
      tradedValue: orders.rows[0].value ?? '0',
    };
  }
}
