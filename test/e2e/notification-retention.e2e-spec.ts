/**
 * The outbox's retention: messages delivered to every channel are deleted
 * NOTIFY_RETENTION_DAYS after their event (with their deliveries); messages
 * not delivered (failed, still retried, not fanned out yet) and recent ones stay.
 */
import { DeliveredNotificationsPruner } from '../../src/notifications/outbox/delivered-notifications.pruner';
import { createTestApp, TestApp } from '../support/test-app';
import { query } from '../support/test-database';

describe('notification retention', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ NOTIFY_RETENTION_DAYS: '7' }, 'notify-retention');
  });
  afterAll(() => t.close());

  /** One statement, so a prune running meanwhile never sees the event without its deliveries. */
  async function event(id: string, daysAgo: number, fannedOut: boolean, deliveries: string[]): Promise<void> {
    const at = `now() - make_interval(days => ${daysAgo})`;
    const channels = ['telegram', 'discord', 'webhook'].slice(0, deliveries.length);
    await query(
      t.db.url,
      `WITH e AS (
         INSERT INTO "NotificationEvent" (id, type, payload, "occurredAt", "fannedOutAt")
         VALUES ($1, 'signal.executed', '{}', ${at}, ${fannedOut ? at : 'NULL'}) RETURNING id)
       INSERT INTO "NotificationDelivery" (id, "eventId", channel, status, "nextAttemptAt", "updatedAt")
       SELECT e.id || '|' || c.channel, e.id, c.channel, c.status, now(), now()
         FROM e, unnest($2::text[], $3::text[]) AS c(channel, status)`,
      [id, channels, deliveries],
    );
  }

  it('deletes delivered messages past retention, with their deliveries, and keeps every other', async () => {
    // The prune run at boot (not awaited by the start) is over before the rows below are written.
    await t.app.get(DeliveredNotificationsPruner).prune();
    await event('old-delivered', 8, true, ['DELIVERED', 'DELIVERED']);
    await event('old-to-no-channel', 8, true, []);
    await event('old-one-failed', 8, true, ['DELIVERED', 'FAILED']);
    await event('old-still-retried', 8, true, ['PENDING']);
    await event('old-not-fanned-out', 8, false, []);
    await event('recent-delivered', 6, true, ['DELIVERED']);

    expect(await t.app.get(DeliveredNotificationsPruner).prune()).toBe(2);

    const events = await query<{ id: string }>(t.db.url, 'SELECT id FROM "NotificationEvent" ORDER BY id');
    expect(events.map((e) => e.id)).toEqual([
      'old-not-fanned-out',
      'old-one-failed',
      'old-still-retried',
      'recent-delivered',
    ]);
    const deliveries = await query<{ id: string }>(t.db.url, 'SELECT id FROM "NotificationDelivery" ORDER BY id');
    expect(deliveries.map((d) => d.id)).toEqual([
      'old-one-failed|discord',
      'old-one-failed|telegram',
      'old-still-retried|telegram',
      'recent-delivered|telegram',
    ]);
    expect(await t.app.get(DeliveredNotificationsPruner).prune()).toBe(0);
  });
});
