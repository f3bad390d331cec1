/**
 * Strangers (no secret) must cost the database almost nothing and must never
 * silence the trader's alerts: bounded records, counted past a threshold,
 * pruned after the retention period; separate webhook and admin limits
 * shared by every instance; signed alerts never throttled; throttled
 * requests counted and shown in the stats.
 */
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../src/app-factory';
import { RejectedRecordsPruner } from '../../src/journal/rejected-records.pruner';
import { SignalJournal } from '../../src/journal/signal-journal';
import { orderRequestsTo } from '../support/fake-state';
import { allSettled, orderRows, signalRow } from '../support/records';
import { createTradingApp, TradingTestApp } from '../support/test-app';
import { query } from '../support/test-database';

const ADVANCED = '/api/binance/advanced-trading-webhook';
const ADMIN = 'flood-admin-token-0123456789';
const BUY = { symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.05, leverage: 5 };
const ENCRYPTION_KEY = '3f9c1e7a5b2d8046e1c9a7f35b0d2e84c6a1f9e3075bd2c48e16a9f03d7b5c21';
const BOT_SECRETS = { trend: 'trend-bot-secret-0123456789', swing: 'swing-bot-secret-0123456789' };
const BIG_BODY = JSON.stringify({ ...BUY, padding: 'p'.repeat(60 * 1024) });

async function signalTableBytes(url: string): Promise<number> {
  const [{ bytes }] = await query<{ bytes: string }>(url, `SELECT pg_total_relation_size('"Signal"') AS bytes`);
  return Number(bytes);
}

describe('unauthenticated requests: bounded, then counted, then pruned', () => {
  let t: TradingTestApp;
  beforeAll(async () => {
    t = await createTradingApp(
      { ADMIN_TOKEN: ADMIN, UNAUTHENTICATED_RECORDS_PER_HOUR: '10', REJECTED_RETENTION_DAYS: '7' },
      'floodstore',
    );
  });
  afterAll(() => t.close());

  it('stores a bounded record (size, hash, first bytes) for the first requests per address, then counts', async () => {
    const before = await signalTableBytes(t.db.url);
    const answers = [];
    for (let i = 0; i < 40; i++)
      answers.push(await t.raw.post(ADVANCED).set('Content-Type', 'application/json').send(BIG_BODY).expect(401));
    await t.app.get(SignalJournal).settled();
    const rows = await query<{ payload: Record<string, unknown>; authenticated: boolean; size: number }>(
      t.db.url,
      `SELECT payload, authenticated, length(payload::text) AS size FROM "Signal" WHERE "errorCode" = 'UNAUTHORIZED'`,
    );
    expect(rows).toHaveLength(10);
    for (const row of rows) {
      expect(row.authenticated).toBe(false);
      expect(row.payload).toMatchObject({
        unauthenticated: true,
        size_bytes: Buffer.byteLength(BIG_BODY),
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(String(row.payload.head)).toMatch(/^\{"symbol":"BTCUSDT"/);
      expect(row.size).toBeLessThan(1024);
    }
    expect(answers.slice(0, 10).every((a) => typeof a.body.id === 'string')).toBe(true);
    expect(answers.slice(10).every((a) => a.body.id === undefined && a.body.success === false)).toBe(true);
    const growth = (await signalTableBytes(t.db.url)) - before;
    expect(growth / 40).toBeLessThan(2048);
    const [tally] = await query<{ count: number; notStored: number }>(
      t.db.url,
      `SELECT count, "notStored" FROM "RequestTally" WHERE kind = 'UNAUTHENTICATED'`,
    );
    expect(tally).toEqual({ count: 40, notStored: 30 });
    const stats = await t.http.get('/api/admin/stats').set('Authorization', `Bearer ${ADMIN}`).expect(200);
    expect(stats.body.unauthenticated).toEqual({ received: 40, stored: 10, counted_only: 30 });
  });

  it('deletes rejected records older than REJECTED_RETENTION_DAYS in the background, keeping the rest', async () => {
    const kept = await t.http.post(ADVANCED).send(BUY).expect(200);
    const recent = await t.http
      .post(ADVANCED)
      .send({ ...BUY, leverage: 500 })
      .expect(422);
    await allSettled(t.db.url);
    await query(t.db.url, `UPDATE "Signal" SET "receivedAt" = now() - interval '8 days' WHERE id <> $1`, [
      recent.body.id,
    ]);
    await query(t.db.url, `UPDATE "RequestTally" SET "windowStart" = now() - interval '8 days'`);
    const deleted = await t.app.get(RejectedRecordsPruner).prune();
    expect(deleted).toBe(10);
    const left = await query<{ id: string }>(t.db.url, 'SELECT id FROM "Signal" ORDER BY id');
    expect(left.map((r) => r.id).sort()).toEqual([kept.body.id, recent.body.id].sort());
    expect(await query(t.db.url, 'SELECT 1 FROM "RequestTally"')).toHaveLength(0);
  });
});

describe('rate limits: webhook and admin apart, signed alerts never throttled, shared across instances', () => {
  let t: TradingTestApp;
  let second: INestApplication;
  beforeAll(async () => {
    t = await createTradingApp(
      {
        ADMIN_TOKEN: ADMIN,
        WEBHOOK_RATE_LIMIT_PER_MINUTE: '5',
        ADMIN_RATE_LIMIT_PER_MINUTE: '8',
        CONFIG_ENCRYPTION_KEY: ENCRYPTION_KEY,
      },
      'floodlimit',
    );
    second = await createApp({ ...t.env, PORT: '0' });
    await second.init();
    for (const [slug, secret] of Object.entries(BOT_SECRETS)) {
      await t.http
        .post('/api/admin/bots')
        .set('Authorization', `Bearer ${ADMIN}`)
        .send({ name: slug, slug, webhook_secret: secret, account_ids: ['default'] })
        .expect(201);
    }
  });
  const botAlert = (slug: string, secret?: string) =>
    t.raw.post(`/api/bots/${slug}/webhook`).send({ symbol: 'ETHUSDT', action: 'close', ...(secret ? { secret } : {}) });

  it("never counts alerts carrying their bot's secret against the limit", async () => {
    for (let i = 0; i < 6; i++) await botAlert('trend', BOT_SECRETS.trend).expect(200);
    await t.raw.post(`/api/bots/swing/webhook?token=${BOT_SECRETS.swing}`).send({ symbol: 'ETHUSDT', action: 'close' });
    const buckets = await query<{ hits: number }>(
      t.db.url,
      `SELECT hits FROM "RateLimitBucket" WHERE key LIKE 'webhook:%'`,
    );
    expect(buckets.filter((b) => b.hits > 0)).toEqual([]);
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  it('throttles the stranger, executes and records the signed alert from the same address, counts 429s', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await t.raw.post(ADVANCED).send(BUY)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual(Array(7).fill(429));

    const signed = await t.http.post(ADVANCED).send(BUY).expect(200);
    expect(signed.body.success).toBe(true);
    expect(await signalRow(t.db.url, signed.body.id)).toMatchObject({ status: 'EXECUTED', authenticated: true });
    expect(await orderRows(t.db.url, signed.body.id)).toHaveLength(1);
    expect(orderRequestsTo(t.fake)).toHaveLength(1);

    // The other instance shares the buckets: the stranger is already over the limit there.
    await request(second.getHttpServer()).post(ADVANCED).send(BUY).expect(429);

    // The admin API has its own bucket: the webhook flood did not use it up.
    const stats = await t.http.get('/api/admin/stats').set('Authorization', `Bearer ${ADMIN}`).expect(200);
    expect(stats.body.throttled).toEqual({ webhook: 8, admin: 0 });
  });

  it("one route's flood silences no bot's signed alert; wrong or other secrets on a bot URL are limited", async () => {
    // The address is over the webhook limit (the test above): a bot's own secret still goes through.
    await t.raw.post(ADVANCED).send(BUY).expect(429);
    const signed = await botAlert('trend', BOT_SECRETS.trend).expect(200);
    expect(signed.body).toMatchObject({ bot: 'trend', message: '1 of 1 account done' });
    // Created through the other instance a moment ago: this one learns the bot from the signed alert itself.
    await request(second.getHttpServer())
      .post(`/api/bots/swing/webhook?token=${BOT_SECRETS.swing}`)
      .send({ symbol: 'ETHUSDT', action: 'close' })
      .expect(200);
    // Unsigned, another bot's secret, or the default secret on a bot's URL: throttled, with the bot's advice.
    for (const secret of [undefined, BOT_SECRETS.swing, t.secret]) {
      const refused = await botAlert('trend', secret).expect(429);
      expect(refused.body.suggestions).toEqual([
        expect.stringMatching(/Retry after/),
        expect.stringMatching(/this bot's webhook_secret in the alert/),
      ]);
    }
    const stats = await t.http.get('/api/admin/stats').set('Authorization', `Bearer ${ADMIN}`).expect(200);
    expect(stats.body.throttled.webhook).toBe(12);
  });

  it('limits the admin API on its own bucket without touching signed alerts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push((await t.http.get('/api/admin/signals?limit=1').set('Authorization', `Bearer ${ADMIN}`)).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    await t.http.post(ADVANCED).send({ symbol: 'ETHUSDT', action: 'close' }).expect(200);
    const [{ admin }] = await query<{ admin: string }>(
      t.db.url,
      `SELECT coalesce(sum(count), 0) AS admin FROM "RequestTally" WHERE kind = 'THROTTLED_ADMIN'`,
    );
    expect(Number(admin)).toBeGreaterThan(0);
  });
});
