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
      { ADMIN_TOKEN: ADMIN, WEBHOOK_RATE_LIMIT_PER_MINUTE: '5', ADMIN_RATE_LIMIT_PER_MINUTE: '8' },
      'floodlimit',
    );
    second = await createApp({ ...t.env, PORT: '0' });
    await second.init();
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
