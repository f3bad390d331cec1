/**
 * The outbox's SQL: splitting events into one delivery per channel, leasing
 * due deliveries (`FOR UPDATE SKIP LOCKED`, so instances sharing the database
 * never take the same row), and settling them. A lease that runs out (the
 * instance died mid-send) makes the row due again; the attempt number taken
 * with the lease fences a late answer from the instance that lost it.
 */
import { Pool } from 'pg';
import { inHeldTransaction } from '../../database/held-transaction';
import type { ChannelName, EventPayloads, EventType } from '../notification-events';

export interface LeasedDelivery {
  id: string;
  eventId: string;
  channel: ChannelName;
  attempts: number;
  createdAt: Date;
  type: EventType;
  payload: EventPayloads[EventType];
  occurredAt: Date;
}

export class DeliveryStore {
  constructor(private readonly pool: Pool) {}

  /** Events not yet split: each gets one PENDING delivery per channel `channelsFor` names (maybe none). */
  /** `held`: events not to fan out yet (a position.closed waiting for its fills' PnL). */
  async fanOut(
    channelsFor: (type: EventType) => ChannelName[],
    now: Date,
    limit = 100,
    held: string[] = [],
  ): Promise<number> {
    return inHeldTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ id: string; type: EventType }>(
        `SELECT id, type FROM "NotificationEvent" WHERE "fannedOutAt" IS NULL AND NOT (id = ANY($2::text[]))
         ORDER BY "occurredAt" LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit, held],
      );
      if (rows.length === 0) return 0;
      const pairs = rows.flatMap((e) => channelsFor(e.type).map((channel) => ({ eventId: e.id, channel })));
      if (pairs.length) {
        await client.query(
          `INSERT INTO "NotificationDelivery" (id, "eventId", channel, "nextAttemptAt", "updatedAt")
           SELECT e || '|' || c, e, c, $3, now() FROM unnest($1::text[], $2::text[]) AS t(e, c)
           ON CONFLICT (id) DO NOTHING`,
          [pairs.map((p) => p.eventId), pairs.map((p) => p.channel), now],
        );
      }
      await client.query(`UPDATE "NotificationEvent" SET "fannedOutAt" = $2 WHERE id = ANY($1::text[])`, [
        rows.map((r) => r.id),
        now,
      ]);
      return pairs.length;
    });
  }

  /** Takes up to `limit` due deliveries for `leaseMs`, oldest first. */
  async lease(now: Date, leaseMs: number, limit: number): Promise<LeasedDelivery[]> {
    const { rows } = await this.pool.query<LeasedDelivery>(
      `WITH due AS (
         SELECT id FROM "NotificationDelivery"
         WHERE (status = 'PENDING' AND "nextAttemptAt" <= $1) OR (status = 'SENDING' AND "leaseUntil" <= $1)
         ORDER BY "nextAttemptAt", "createdAt", id
         LIMIT $3 FOR UPDATE SKIP LOCKED
       ), leased AS (
         UPDATE "NotificationDelivery" d
         SET status = 'SENDING', "leaseUntil" = $2, attempts = d.attempts + 1, "updatedAt" = now()
         FROM due WHERE d.id = due.id
         RETURNING d.id, d."eventId", d.channel, d.attempts, d."createdAt"
       )
       SELECT l.*, e.type, e.payload, e."occurredAt"
       FROM leased l JOIN "NotificationEvent" e ON e.id = l."eventId"
       ORDER BY e."occurredAt", l.id`,
      [now, new Date(now.getTime() + leaseMs), limit],
    );
    return rows;
  }

  async delivered(d: LeasedDelivery, now: Date): Promise<void> {
    await this.pool.query(
      `UPDATE "NotificationDelivery"
       SET status = 'DELIVERED', "deliveredAt" = $3, "leaseUntil" = NULL, "lastError" = NULL, "updatedAt" = now()
       WHERE id = $1 AND attempts = $2 AND status = 'SENDING'`,
      [d.id, d.attempts, now],
    );
  }

  /** Due again at `at`. `countAttempt` false: the lease is handed back unused (the channel is paused). */
  async retryAt(d: LeasedDelivery, at: Date, error: string | undefined, countAttempt = true): Promise<void> {
    await this.pool.query(
      `UPDATE "NotificationDelivery"
       SET status = 'PENDING', "nextAttemptAt" = $3, "leaseUntil" = NULL, "lastError" = COALESCE($4, "lastError"),
           attempts = attempts - $5, "updatedAt" = now()
       WHERE id = $1 AND attempts = $2 AND status = 'SENDING'`,
      [d.id, d.attempts, at, error ?? null, countAttempt ? 0 : 1],
    );
  }

  async failed(d: LeasedDelivery, error: string): Promise<void> {
    await this.pool.query(
      `UPDATE "NotificationDelivery" SET status = 'FAILED', "leaseUntil" = NULL, "lastError" = $3, "updatedAt" = now()
       WHERE id = $1 AND attempts = $2 AND status = 'SENDING'`,
      [d.id, d.attempts, error],
    );
  }

  /** A channel that asked to wait: none of its pending deliveries is due before `until` (for every instance). */
  async pauseChannel(channel: ChannelName, until: Date): Promise<void> {
    await this.pool.query(
      `UPDATE "NotificationDelivery" SET "nextAttemptAt" = $2, "updatedAt" = now()
       WHERE channel = $1 AND status = 'PENDING' AND "nextAttemptAt" < $2`,
      [channel, until],
    );
  }
}
