/**
 * Writes events that report no journal record (service conditions, the daily
 * summary) to the outbox. Ids say what the event is about, so a second writer
 * (another instance, a retry) adds nothing.
 */
import { Pool } from 'pg';
import type { NotificationEventRecord } from '../notification-events';

export class OutboxWriter {
  constructor(private readonly pool: Pool) {}

  /** Returns the ids actually added (those not already in the outbox). */
  async write(events: NotificationEventRecord[]): Promise<string[]> {
    if (events.length === 0) return [];
    const { rows } = await this.pool.query<{ id: string }>(
      `INSERT INTO "NotificationEvent" (id, type, payload, "occurredAt")
       SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::timestamptz[])
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        events.map((e) => e.id),
        events.map((e) => e.type),
        events.map((e) => JSON.stringify(e.payload)),
        events.map((e) => e.occurredAt),
      ],
    );
    return rows.map((r) => r.id);
  }
}
