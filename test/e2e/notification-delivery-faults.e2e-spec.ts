/**
 * The dispatcher against channels that misbehave, over real HTTP and a real
 * Postgres, with a clock the test moves: a 429 with retry_after, Discord's
 * rate-limit headers, 5xx answers, a channel down for minutes, two instances
 * sharing the outbox, and a restart in the middle of a retry each end with
 * every message delivered exactly once.
 */
import { Pool } from 'pg';
import { AppConfig } from '../../src/config/app-config';
import { APP_CONFIG } from '../../src/config/app-config.module';
import { PG_POOL } from '../../src/database/database.module';
import { SECRET_REDACTOR } from '../../src/logging/logging.module';
import { SecretRedactor } from '../../src/logging/secret-redactor';
import { ChannelSenders } from '../../src/notifications/channels/channel-senders';
import { NotificationClock } from '../../src/notifications/notification-clock';
import { DeliveryStore } from '../../src/notifications/outbox/delivery-store';
import { ACCOUNT_STREAM, type AccountStream } from '../../src/exchange/streams/account-stream.port';
import { NotificationDispatcher } from '../../src/notifications/outbox/notification-dispatcher';
import { NotificationSettingsService } from '../../src/notifications/settings/notification-settings.service';
import { FakeNotifiers, startFakeNotifiers } from '../fake-notify/notify-harness';
import { query } from '../support/test-database';
import { createTestApp, TestApp } from '../support/test-app';

class MovableClock implements NotificationClock {
  constructor(private ms = Date.now()) {}
  now = () => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

describe('notification delivery under channel faults', () => {
  let n: FakeNotifiers;
  let t: TestApp;
  let clock: MovableClock;
  let eventCount = 0;
  const pools: Pool[] = [];

  beforeAll(async () => {
    n = await startFakeNotifiers();
    t = await createTestApp(
      { ...n.env, NOTIFY_RETRY_BASE_MS: '1000', NOTIFY_RETRY_MAX_MS: '60000', NOTIFY_GIVE_UP_AFTER_MS: '3600000' },
      'notify_faults',
    );
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await t.close();
    await n.stop();
  });
  beforeEach(async () => {
    clock = new MovableClock();
    // Every test starts from an empty outbox, with the channels up and fault-free.
    await query(t.db.url, 'DELETE FROM "NotificationEvent"');
    for (const fake of [n.telegram, n.discord, n.webhook]) {
      fake.setDown(false);
      fake.accepted.length = 0;
      fake.seen.length = 0;
    }
    n.discord.bucketRemaining = 5;
    n.discord.resetAfterS = 1;
  });

  /** A dispatcher as one instance of the service runs it (its own pool when `separatePool`). */
  function dispatcher(separatePool = false): NotificationDispatcher {
    let pool = t.app.get<Pool>(PG_POOL);
    if (separatePool) {
      pool = new Pool({ connectionString: t.db.url, max: 5 });
      pools.push(pool);
    }
    return new NotificationDispatcher(
      pool,
      t.app.get<AppConfig>(APP_CONFIG),
      t.app.get<SecretRedactor>(SECRET_REDACTOR),
      clock,
      new ChannelSenders(),
      t.app.get(NotificationSettingsService),
      t.app.get<AccountStream>(ACCOUNT_STREAM),
    );
  }

  /** Outbox rows as the journal writes them. */
  async function addEvents(count: number): Promise<string[]> {
    const ids = Array.from({ length: count }, () => `sig-${++eventCount}:signal.failed`);
    for (const [i, id] of ids.entries()) {
      const payload = { signalId: id, symbol: 'BTCUSDT', action: 'BUY', reason: `reason ${id}`, suggestions: [] };
      await query(
        t.db.url,
        `INSERT INTO "NotificationEvent" (id, type, payload, "occurredAt") VALUES ($1, 'signal.failed', $2, $3)`,
        [id, payload, new Date(clock.now().getTime() + i)],
      );
    }
    return ids;
  }

  const deliveries = (channel: string) =>
    query<{ status: string; attempts: number; nextAttemptAt: Date; lastError: string | null }>(
      t.db.url,
      'SELECT status, attempts, "nextAttemptAt", "lastError" FROM "NotificationDelivery" ' +
        'WHERE channel = $1 ORDER BY "createdAt"',
      [channel],
    );
  const webhookIds = () => n.webhook.events.map((e) => e.id);

  it("waits out Telegram's 429 retry_after, then delivers once", async () => {
    await addEvents(1);
    n.telegram.failNext({ kind: 'rate-limit', retryAfterS: 30 });
    const d = dispatcher();
    await d.tick();
    expect([
      n.telegram.seen.length,
      n.telegram.accepted.length,
      n.discord.accepted.length,
      n.webhook.accepted.length,
    ]).toEqual([1, 0, 1, 1]);
    const [pending] = await deliveries('telegram');
    expect(pending).toMatchObject({
      status: 'PENDING',
      attempts: 1,
      lastError: 'Telegram 429: Too Many Requests: retry after 30',
    });
    expect(pending.nextAttemptAt.getTime() - clock.now().getTime()).toBeGreaterThanOrEqual(30_000);

    clock.advance(29_000);
    await d.tick();
    expect(n.telegram.seen).toHaveLength(1);
    clock.advance(1_500);
    await d.tick();
    expect(n.telegram.accepted).toHaveLength(1);
    expect(await deliveries('telegram')).toMatchObject([{ status: 'DELIVERED', attempts: 2, lastError: null }]);
    clock.advance(120_000);
    expect(await d.tick()).toBe(0);
    expect([n.telegram.accepted.length, n.discord.accepted.length, n.webhook.accepted.length]).toEqual([1, 1, 1]);
  });

  it("honours Discord's 429 retry_after and its exhausted rate-limit bucket", async () => {
    await addEvents(3);
    n.discord.failNext({ kind: 'rate-limit', retryAfterS: 2.5 });
    const d = dispatcher();
    await d.tick();
    expect(n.discord.accepted).toHaveLength(0);
    // The other messages of the channel wait too, in order.
    const waiting = await deliveries('discord');
    expect(waiting.every((w) => w.nextAttemptAt.getTime() - clock.now().getTime() >= 2_500)).toBe(true);

    // The first success empties the bucket (X-RateLimit-Remaining: 0, reset after 5 s): the rest waits 5 s.
    n.discord.bucketRemaining = 1;
    n.discord.resetAfterS = 5;
    clock.advance(2_600);
    await d.tick();
    expect(n.discord.accepted).toHaveLength(1);
    clock.advance(4_000);
    await d.tick();
    expect(n.discord.accepted).toHaveLength(1);
    clock.advance(1_100);
    await d.tick();
    expect(n.discord.accepted).toHaveLength(3);
    expect(n.discord.seen).toHaveLength(4);
    expect(new Set(n.discord.embeds.map((e) => e.description)).size).toBe(3);
  });

  it('retries 5xx answers with growing delays and delivers once', async () => {
    await addEvents(1);
    n.webhook.failNext({ kind: 'server-error', status: 503 }, { kind: 'server-error', status: 500 });
    const d = dispatcher();
    await d.tick();
    const first = (await deliveries('webhook'))[0];
    expect(first).toMatchObject({ status: 'PENDING', attempts: 1, lastError: 'Webhook 503 Service Unavailable' });
    const firstDelay = first.nextAttemptAt.getTime() - clock.now().getTime();
    expect(firstDelay).toBeGreaterThanOrEqual(500);
    expect(firstDelay).toBeLessThanOrEqual(1_000);
    clock.advance(firstDelay);
    await d.tick();
    const second = (await deliveries('webhook'))[0];
    const secondDelay = second.nextAttemptAt.getTime() - clock.now().getTime();
    expect(secondDelay).toBeGreaterThanOrEqual(1_000);
    expect(secondDelay).toBeLessThanOrEqual(2_000);
    clock.advance(secondDelay);
    await d.tick();
    expect(await deliveries('webhook')).toMatchObject([{ status: 'DELIVERED', attempts: 3 }]);
    expect(n.webhook.seen).toHaveLength(3);
    expect(n.webhook.accepted).toHaveLength(1);
  });

  it('delivers everything once after Telegram was down for ten minutes, without hammering it', async () => {
    const ids = await addEvents(5);
    n.telegram.setDown(true);
    const d = dispatcher();
    for (let second = 0; second < 600; second += 5) {
      await d.tick();
      clock.advance(5_000);
    }
    const down = await deliveries('telegram');
    expect(down.every((row) => row.status === 'PENDING')).toBe(true);
    expect(down[0].lastError).toMatch(/^Telegram unreachable/);
    // Backoff: the first message is tried a handful of times (1, 2, 4 … 60 s apart), the others wait behind it.
    expect(down[0].attempts).toBeGreaterThan(5);
    expect(down[0].attempts).toBeLessThan(20);
    expect(down.slice(1).map((row) => row.attempts)).toEqual([0, 0, 0, 0]);

    n.telegram.setDown(false);
    for (let i = 0; i < 10 && n.telegram.accepted.length < 5; i++) {
      clock.advance(60_000);
      await d.tick();
    }
    expect(n.telegram.texts.map((text) => /reason ([^<\s]+)/.exec(text)?.[1])).toEqual(ids);
    expect(await deliveries('telegram')).toEqual(ids.map(() => expect.objectContaining({ status: 'DELIVERED' })));
  });

  it('two instances sharing the outbox deliver each message once', async () => {
    const ids = await addEvents(40);
    const a = dispatcher(true);
    const b = dispatcher(true);
    // Discord's bucket (5 requests, then "wait 1 s") pauses that channel between rounds.
    for (let i = 0; i < 40; i++) {
      const [x, y] = await Promise.all([a.tick(), b.tick()]);
      clock.advance(1_100);
      if (x + y === 0 && n.discord.accepted.length === 40) break;
    }
    expect([...webhookIds()].sort()).toEqual([...ids].sort());
    expect(n.telegram.accepted).toHaveLength(40);
    expect(n.discord.accepted).toHaveLength(40);
    expect(new Set(n.telegram.texts).size).toBe(40);
  });

  it('a restart in the middle of a retry delivers once', async () => {
    const [id] = await addEvents(1);
    n.webhook.failNext({ kind: 'server-error' });
    const before = dispatcher();
    await before.tick();
    await before.onModuleDestroy();
    expect(await before.tick()).toBe(0);

    clock.advance(2_000);
    const after = dispatcher(true);
    await after.tick();
    expect(webhookIds()).toEqual([id]);
    clock.advance(120_000);
    expect(await after.tick()).toBe(0);
    expect(webhookIds()).toEqual([id]);
  });

  it('an instance that died while sending: its lease runs out and another instance delivers once', async () => {
    const [id] = await addEvents(1);
    const store = new DeliveryStore(t.app.get<Pool>(PG_POOL));
    await store.fanOut(() => ['webhook'], clock.now());
    const [leased] = await store.lease(clock.now(), 60_000, 10);
    expect(leased.eventId).toBe(id);

    const survivor = dispatcher(true);
    expect(await survivor.tick()).toBe(0); // still leased
    clock.advance(60_001);
    await survivor.tick();
    expect(webhookIds()).toEqual([id]);
    // The dead instance's late answer cannot overwrite the survivor's result.
    await store.failed(leased, 'late answer');
    expect(await deliveries('webhook')).toMatchObject([{ status: 'DELIVERED', attempts: 2 }]);
  });

  it('gives up at once on an answer that will never change (chat not found), with the reason', async () => {
    await addEvents(1);
    const settings = t.app.get(NotificationSettingsService);
    const real = await settings.current();
    const wrongChat = {
      current: async () => ({
        ...real,
        telegram: { ...real.telegram, target: { ...real.telegram.target!, chatId: '-42' } },
      }),
    } as unknown as NotificationSettingsService;
    const d = new NotificationDispatcher(
      t.app.get<Pool>(PG_POOL),
      t.app.get<AppConfig>(APP_CONFIG),
      t.app.get<SecretRedactor>(SECRET_REDACTOR),
      clock,
      new ChannelSenders(),
      wrongChat,
      t.app.get<AccountStream>(ACCOUNT_STREAM),
    );
    await d.tick();
    expect(await deliveries('telegram')).toMatchObject([
      { status: 'FAILED', attempts: 1, lastError: 'Telegram 400: Bad Request: chat not found' },
    ]);
    clock.advance(3_600_000);
    await d.tick();
    expect(n.telegram.seen).toHaveLength(1);
  });
});
