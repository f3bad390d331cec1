/**
 * Notifications end to end: signals through the real service, the outbox row
 * written with the signal's record, and the dispatcher delivering to local
 * fake Telegram, Discord and webhook servers over real HTTP, once each.
 */
import { SignalJournal } from '../../src/journal/signal-journal';
import { NotificationDispatcher } from '../../src/notifications/outbox/notification-dispatcher';
import { startFakeNotifiers, FakeNotifiers } from '../fake-notify/notify-harness';
import { query } from '../support/test-database';
import { createTradingApp, TradingTestApp } from '../support/test-app';

const ADVANCED = '/api/binance/advanced-trading-webhook';
const ADMIN = { Authorization: 'Bearer test-admin-token-0123456789' };

describe('notifications', () => {
  let n: FakeNotifiers;
  let t: TradingTestApp;

  beforeAll(async () => {
    n = await startFakeNotifiers();
    t = await createTradingApp({ ...n.env, DEDUP_WINDOW_MS: '60000' }, 'notify');
  });
  afterAll(async () => {
    await t.close();
    await n.stop();
  });

  /** Writes outstanding records, then runs dispatcher rounds until nothing is left to send. */
  async function deliverAll(): Promise<void> {
    await t.app.get(SignalJournal).settled();
    const dispatcher = t.app.get(NotificationDispatcher);
    for (let i = 0; i < 20 && (await dispatcher.tick()) > 0; i++);
  }

  it('sends each event once to each enabled channel, written with the record it reports', async () => {
    t.fake.engine.setPrice('BTCUSDT', '50000');
    const buy = await t.http
      .post(ADVANCED)
      .send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 })
      .expect(200);
    const failed = await t.http
      .post(ADVANCED)
      .send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.01, leverage: 1, id: 'tiny' });
    expect(failed.status).toBeGreaterThanOrEqual(400);
    const refused = await t.http
      .post(ADVANCED)
      .send({ symbol: 'NOPEUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 })
      .expect(400);
    await t.http
      .post(ADVANCED)
      .send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.01, leverage: 1, id: 'tiny' })
      .expect(200); // duplicate: off by default
    await t.http.post(ADVANCED).send({ symbol: 'BTCUSDT', action: 'close' }).expect(200);
    // A stranger (wrong secret): recorded, not notified.
    await t.raw.post(ADVANCED).send({ symbol: 'BTCUSDT', action: 'buy', secret: 'wrong-secret' }).expect(401);

    await t.app.get(SignalJournal).settled();
    const events = await query<{ id: string; type: string }>(
      t.db.url,
      'SELECT id, type FROM "NotificationEvent" ORDER BY "occurredAt"',
    );
    expect(events.map((e) => e.type)).toEqual([
      'signal.executed',
      'signal.failed',
      'signal.refused',
      'signal.duplicate',
      'position.closed',
    ]);
    expect(events[0].id).toBe(`${buy.body.id}:signal.executed`);
    expect(events[2].id).toBe(`${refused.body.id}:signal.refused`);

    await deliverAll();
    // 10000 × 0.1 × 5 / 50000 = 0.1 BTC
    expect(n.telegram.texts).toHaveLength(4);
    expect(n.telegram.texts[0]).toBe(
      '✅ <b>Long BTCUSDT</b>\nQuantity: <b>0.1</b>\nAvg price: <b>50000</b>\nLeverage: <b>5x</b>\n' +
        n.telegram.texts[0].split('\n')[4],
    );
    expect(n.telegram.texts[0]).toMatch(/\nLatency: <b>[\d.]+ (ms|s)<\/b>$/);
    expect(n.telegram.texts[1]).toMatch(/^❌ <b>Order failed: BTCUSDT<\/b>/);
    expect(n.telegram.texts[2]).toMatch(/^⚠️ <b>Alert refused: NOPEUSDT<\/b>/);
    expect(n.telegram.texts[3]).toMatch(/^✅ <b>Closed BTCUSDT<\/b>\nLong: <b>0.1 @ 50000<\/b>/);
    expect(n.discord.embeds.map((e) => e.title)).toEqual([
      'Long BTCUSDT',
      'Order failed: BTCUSDT',
      'Alert refused: NOPEUSDT',
      'Closed BTCUSDT',
    ]);
    expect(n.webhook.events.map((e) => e.type)).toEqual([
      'signal.executed',
      'signal.failed',
      'signal.refused',
      'position.closed',
    ]);
    expect(n.webhook.events[0]).toMatchObject({
      id: events[0].id,
      data: { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.1', averagePrice: '50000', leverage: 5 },
    });

    // Nothing left, nothing sent twice.
    expect(await t.app.get(NotificationDispatcher).tick()).toBe(0);
    const rows = await query<{ status: string; n: string }>(
      t.db.url,
      'SELECT status, count(*) AS n FROM "NotificationDelivery" GROUP BY status',
    );
    expect(rows).toEqual([{ status: 'DELIVERED', n: '12' }]);
  });

  it('keeps secrets out of messages, stored rows and the delivery list', async () => {
    const everything = JSON.stringify([
      n.telegram.seen.map((r) => r.body),
      n.discord.seen.map((r) => r.body),
      n.webhook.seen.map((r) => r.rawBody),
      await query(t.db.url, 'SELECT * FROM "NotificationEvent"'),
      (await t.http.get('/api/admin/notifications/deliveries').set(ADMIN).expect(200)).body,
    ]);
    for (const secret of [n.env.TELEGRAM_BOT_TOKEN, n.discord.token, n.env.NOTIFY_WEBHOOK_SECRET, t.secret])
      expect(everything).not.toContain(secret);
  });

  it('lists delivery status per message and channel', async () => {
    const page = await t.http
      .get('/api/admin/notifications/deliveries?channel=telegram&limit=2')
      .set(ADMIN)
      .expect(200);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.items[0]).toMatchObject({
      channel: 'telegram',
      status: 'DELIVERED',
      attempts: 1,
      last_error: null,
      event_type: expect.any(String),
    });
    const next = await t.http
      .get(`/api/admin/notifications/deliveries?channel=telegram&limit=2&cursor=${page.body.next_cursor}`)
      .set(ADMIN)
      .expect(200);
    expect(next.body.items).toHaveLength(2);
    expect(next.body.next_cursor).toBeNull();
    await t.http.get('/api/admin/notifications/deliveries?status=lost').set(ADMIN).expect(400);
    await t.http.get('/api/admin/notifications/deliveries').expect(401);
  });

  it('sends a test message to each channel and reports each result', async () => {
    const before = [n.telegram.accepted.length, n.discord.accepted.length, n.webhook.accepted.length];
    const res = await t.http.post('/api/admin/notifications/test').set(ADMIN).expect(200);
    expect(res.body).toEqual({
      success: true,
      channels: { telegram: { status: 'sent' }, discord: { status: 'sent' }, webhook: { status: 'sent' } },
    });
    expect([n.telegram.accepted.length, n.discord.accepted.length, n.webhook.accepted.length]).toEqual(
      before.map((b) => b + 1),
    );
    expect(n.telegram.texts.at(-1)).toMatch(/^ℹ️ <b>tvbridge test message<\/b>/);

    n.telegram.setDown(true);
    const down = await t.http.post('/api/admin/notifications/test').set(ADMIN).expect(200);
    n.telegram.setDown(false);
    expect(down.body.success).toBe(false);
    expect(down.body.channels.telegram).toEqual({
      status: 'failed',
      error: expect.stringMatching(/^Telegram unreachable/),
    });
    expect(JSON.stringify(down.body)).not.toContain(n.env.TELEGRAM_BOT_TOKEN);
  });
});
