/**
 * Postgres stops while signals keep coming: they are still authenticated,
 * validated and executed (time matters to a trade), their records wait in the
 * pending file, health says degraded, duplicates are still refused, and once
 * Postgres is back every record is written exactly once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { control } from '../support/exchange-harness';
import { SignalJournal } from '../../src/journal/signal-journal';
import { recordChaosFigures } from '../support/chaos-figures';
import { orderRequestsTo } from '../support/fake-state';
import { createTradingApp, TradingTestApp } from '../support/test-app';

const ADVANCED = '/api/binance/advanced-trading-webhook';
const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT', 'DOGEUSDT'];
const KEY = '3f9c1e7a5b2d8046e1c9a7f35b0d2e84c6a1f9e3075bd2c48e16a9f03d7b5c21';
const BOT_SECRET = 'outage-bot-secret-0123456789';

describe('database outage', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'tvbridge-outage-'));
  const postgres = new EmbeddedPostgres({ dataDir: path.join(root, 'pg'), port: 0 });
  let port: number;
  let url: string;
  let t: TradingTestApp;

  beforeAll(async () => {
    const server = await postgres.start();
    port = server.port;
    const admin = new Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('CREATE DATABASE outage');
    await admin.end();
    url = server.url.replace(/\/postgres$/, '/outage');
    t = await createTradingApp({ DATABASE_URL: url, DEDUP_WINDOW_MS: '60000', CONFIG_ENCRYPTION_KEY: KEY }, 'outage');
  }, 60_000);

  afterAll(async () => {
    await t.close();
    await postgres.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const count = async (sql: string) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ n: string }>(sql);
    await client.end();
    return Number(rows[0].n);
  };

  it('keeps trading through the outage and writes every record exactly once afterwards', async () => {
    await t.http
      .post(ADVANCED)
      .send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.02, leverage: 2, id: 'before-outage' })
      .expect(200);
    await postgres.stop();

    const answers = [];
    for (let i = 0; i < 20; i++) {
      const symbol = SYMBOLS[i % SYMBOLS.length];
      answers.push(
        await t.http
          .post(ADVANCED)
          .send({ symbol, action: i % 2 ? 'sell' : 'buy', balance_percentage: 0.02, leverage: 2, id: `outage-${i}` }),
      );
    }
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    expect(orderRequestsTo(t.fake)).toHaveLength(21);

    // Duplicates are still refused while Postgres is down.
    const again = await t.http
      .post(ADVANCED)
      .send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.02, leverage: 2, id: 'outage-0' })
      .expect(200);
    expect(again.body.duplicate).toBe(true);
    const sameBody = { symbol: 'ETHUSDT', action: 'close' };
    await t.http.post(ADVANCED).send(sameBody).expect(200); // closes the ETH position: the 22nd order
    expect((await t.http.post(ADVANCED).send(sameBody).expect(200)).body.duplicate).toBe(true);
    expect(orderRequestsTo(t.fake)).toHaveLength(22);

    const health = await t.http.get('/api/health').expect(503);
    expect(health.body).toMatchObject({
      status: 'degraded',
      details: { database: { status: 'down' }, exchange: { status: 'up' } },
    });

    // Back on the same port, with the same data.
    expect((await new EmbeddedPostgres({ dataDir: path.join(root, 'pg'), port }).start()).port).toBe(port);
    const journal = t.app.get(SignalJournal);
    await journal.settled();
    for (let attempt = 0; attempt < 20 && (await journal.flushPending()) > 0; attempt++)
      await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await journal.flushPending()).toBe(0);
    expect(await journal.flushPending()).toBe(0);

    const recorded = await count(
      `SELECT count(*) AS n FROM "Signal" WHERE "externalId" LIKE 'outage-%' AND status = 'EXECUTED'`,
    );
    const doubled = await count(
      `SELECT count(*) AS n FROM (SELECT "clientOrderId" FROM "ExchangeOrder" GROUP BY 1 HAVING count(*) > 1) d`,
    );
    recordChaosFigures('database-outage', {
      recordsMissing: 20 - recorded,
      duplicateOrders: doubled + Math.max(0, orderRequestsTo(t.fake).length - 22),
    });
    expect(recorded).toBe(20);
    expect(
      await count(
        `SELECT count(*) AS n FROM "ExchangeOrder" o JOIN "Signal" s ON s.id = o."signalId" WHERE s."externalId" ` +
          `LIKE 'outage-%'`,
      ),
    ).toBe(20);
    expect(await count(`SELECT count(*) AS n FROM "ExchangeOrder"`)).toBe(22);
    expect(await count(`SELECT count(*) AS n FROM "Signal" WHERE status = 'DUPLICATE'`)).toBe(2);
    expect(
      await count(
        `SELECT count(*) AS n FROM (SELECT "clientOrderId" FROM "ExchangeOrder" GROUP BY 1 HAVING count(*) > 1) d`,
      ),
    ).toBe(0);
    await t.http.get('/api/health').expect(200);
  }, 90_000);
  it("answers a bot's alert and an unknown slug through an outage, and records both afterwards", async () => {
    const admin = (path: string, body: object) =>
      t.raw.post(path).set('Authorization', 'Bearer test-admin-token-0123456789').send(body).expect(201);
    await control(t.fake, 'accounts', { apiKey: 'outage-key-0001', apiSecret: 'outage-secret-0001' });
    const account = await admin('/api/admin/accounts', {
      name: 'Outage',
      mode: 'live',
      api_key: 'outage-key-0001',
      api_secret: 'outage-secret-0001',
    });
    // No alert reaches the bot before the outage: it is known from the copy reloaded after the edit.
    await admin('/api/admin/bots', {
      name: 'Outage bot',
      slug: 'outage-bot',
      webhook_secret: BOT_SECRET,
      account_ids: [account.body.id],
    });
    await postgres.stop();

    const alert = {
      secret: BOT_SECRET,
      symbol: 'BTCUSDT',
      action: 'buy',
      quantity: 0.01,
      leverage: 2,
      id: 'bot-outage-1',
    };
    const traded = await t.raw.post('/api/bots/outage-bot/webhook').send(alert);
    expect(traded.status).toBe(200);
    expect(traded.body.executions).toEqual([expect.objectContaining({ account: 'Outage', http_status: 200 })]);
    const stranger = await t.raw.post('/api/bots/no-such-bot/webhook').send({ secret: 'a-guess', symbol: 'BTCUSDT' });
    expect(stranger.status).toBeLessThan(500);

    await new EmbeddedPostgres({ dataDir: path.join(root, 'pg'), port }).start();
    const journal = t.app.get(SignalJournal);
    await journal.settled();
    for (let attempt = 0; attempt < 20 && (await journal.flushPending()) > 0; attempt++)
      await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await journal.flushPending()).toBe(0);
    expect(
      await count(
        `SELECT count(*) AS n FROM "Signal" WHERE (id = '${traded.body.id}' OR "parentId" = '${traded.body.id}') ` +
          `AND status = 'EXECUTED'`,
      ),
    ).toBe(2);
    expect(
      await count(
        `SELECT count(*) AS n FROM "ExchangeOrder" o JOIN "Signal" s ON s.id = o."signalId" ` +
          `WHERE s."parentId" = '${traded.body.id}'`,
      ),
    ).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM "Signal" WHERE route = 'bot:no-such-bot'`)).toBe(1);
  }, 60_000);
});
