/**
 * position.closed with its realized PnL. A close's answer from Binance carries
 * no PnL: the fills do (the account events, recorded from the stream or a
 * back-fill, usually within a second of the answer). Before the outbox fans a
 * position.closed out, its signal's closing fills are looked for: once every
 * filled closing order has its fills recorded, their realized PnL and fees go
 * into the message; until then it waits, while the account stream is
 * connected and at most CLOSED_PNL_WAIT_MS, then goes without ("see the
 * exchange"), so a lost stream never holds it back.
 */
import Decimal from 'decimal.js';
import { Pool } from 'pg';
import type { NotificationEventRecord } from '../notification-events';

export const CLOSED_PNL_WAIT_MS = 15_000;

export interface ClosingFills {
  /** True when every filled closing order of the signal has all its fills recorded. */
  complete: boolean;
  realizedPnl: string;
  /** Commissions paid in the symbol's quote asset (USDT). */
  fees: string;
}

/** The signal's closing fills as recorded (one row per closing order; the sums exact, as text). */
export async function closingFills(pool: Pool, signalId: string): Promise<ClosingFills | undefined> {
  const { rows } = await pool.query<{ complete: boolean; pnl: string | null; fees: string | null; orders: string }>(
    `SELECT bool_and(f.filled >= o."executedQty") AS complete, sum(f.pnl)::text AS pnl, sum(f.fees)::text AS fees,
            count(*) AS orders
       FROM "ExchangeOrder" o
       CROSS JOIN LATERAL (
         SELECT COALESCE(sum(e.quantity), 0) AS filled, COALESCE(sum(e."realizedPnl"), 0) AS pnl,
                COALESCE(sum(e.commission) FILTER (WHERE o.symbol LIKE '%' || e."commissionAsset"), 0) AS fees
           FROM "AccountEvent" e
          WHERE e."orderId" = o."exchangeOrderId" AND e.kind IN ('FILL', 'LIQUIDATION', 'ADL')) f
      WHERE o."signalId" = $1 AND o.status IN ('FILLED', 'PARTIALLY_FILLED') AND o."exchangeOrderId" IS NOT NULL
        AND o.purpose IN ('CLOSE_LONG', 'CLOSE_SHORT', 'REDUCE_LONG', 'REDUCE_SHORT', 'CLOSE_OPPOSITE')`,
    [signalId],
  );
  const row = rows[0];
  if (!row || row.orders === '0') return undefined;
  const exact = (value: string | null) => new Decimal(value ?? '0').toFixed();
  return { complete: !!row.complete, realizedPnl: exact(row.pnl), fees: exact(row.fees) };
}

/**
 * Completes the position.closed messages not sent yet; answers the ids still waiting for their fills
 * (the outbox leaves them for a later round).
 */
export async function settleClosedPnl(pool: Pool, now: Date, fillsFlowing: boolean): Promise<string[]> {
  const { rows } = await pool.query<Pick<NotificationEventRecord<'position.closed'>, 'id' | 'payload'> & { at: Date }>(
    `SELECT id, payload, "occurredAt" AS at FROM "NotificationEvent"
      WHERE "fannedOutAt" IS NULL AND type = 'position.closed' AND NOT (payload ? 'realizedPnl')
      ORDER BY "occurredAt" LIMIT 100`,
  );
  const waiting: string[] = [];
  for (const event of rows) {
    const fills = await closingFills(pool, event.payload.signalId);
    if (fills?.complete) {
      await pool.query(
        `UPDATE "NotificationEvent" SET payload = payload || $2::jsonb WHERE id = $1 AND "fannedOutAt" IS NULL`,
        [event.id, JSON.stringify({ realizedPnl: fills.realizedPnl, fees: fills.fees })],
      );
    } else if (fillsFlowing && now.getTime() - event.at.getTime() < CLOSED_PNL_WAIT_MS) {
      waiting.push(event.id);
    }
  }
  return waiting;
}
