/**
 * Issue 17's acceptance: one alert to a bot trades every enabled account of
 * the bot, each sized from its own balance, each with its own records; one
 * account's revoked key fails alone; halt answers 423 and sends nothing;
 * resume trades again; two instances on one database place exactly one
 * order per account for one alert.
 */
import Decimal from 'decimal.js';
import { seal } from '../../src/common/secret-box';
import { FakeBinanceServer } from '../fake-binance/fake-binance-server';
import { control, liveModeAgainst, startFakeBinance } from '../support/exchange-harness';
import { allSettled, signalRow } from '../support/records';
import { createTestApp, TestApp } from '../support/test-app';
import { createTestDatabase, query, TestDatabase } from '../support/test-database';

const TOKEN = 'bots-admin-token-0123456789';
const KEY = '3f9c1e7a5b2d8046e1c9a7f35b0d2e84c6a1f9e3075bd2c48e16a9f03d7b5c21';
const BOT_SECRET = 'trend-bot-secret-0123456789';
const BUY = { symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 };

interface Execution {
  account: string;
  account_id: string;
  http_status: number;
  exchange: { mode: string; host: string | null };
  id: string;
  trade?: { quantity: number; client_order_id?: string };
  error?: string;
}

describe('bots: one alert, every account of the bot', () => {
  let fake: FakeBinanceServer;
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    fake = await startFakeBinance();
    db = await createTestDatabase('bots');
    const env = {
      DATABASE_URL: db.url,
      ...liveModeAgainst(fake),
      WEBHOOK_SECRET: 'legacy-secret',
      ADMIN_TOKEN: TOKEN,
      CONFIG_ENCRYPTION_KEY: KEY,
      // This file sends more alerts in a minute than one bot's share of Binance's 2400 weight allows.
      BINANCE_WEIGHT_PER_MINUTE: '24000',
    };
    a = await createTestApp(env, 'bots-a');
    b = await createTestApp(env, 'bots-b');
    await control(fake, 'accounts', { apiKey: 'alice-key-0001', apiSecret: 'alice-secret-0001', walletUsdt: '2000' });
    await control(fake, 'accounts', { apiKey: 'bob-key-00001', apiSecret: 'bob-secret-00001', walletUsdt: '5000' });
    const add = async (body: object) =>
      (await a.http.post('/api/admin/accounts').set('Authorization', `Bearer ${TOKEN}`).send(body).expect(201)).body
        .id as string;
    ids.alice = await add({ name: 'Alice', mode: 'live', api_key: 'alice-key-0001', api_secret: 'alice-secret-0001' });
    ids.bob = await add({ name: 'Bob', mode: 'live', api_key: 'bob-key-00001', api_secret: 'bob-secret-00001' });
    ids.paper = await add({ name: 'Paper', mode: 'paper', sizing_multiplier: '0.5' });
    await a.http
      .post('/api/admin/bots')
      .set('Authorization', `Bearer ${TOKEN}`)
      .send({
        name: 'Trend',
        slug: 'trend',
        webhook_secret: BOT_SECRET,
        defaults: { leverage: 5 },
        account_ids: [ids.alice, ids.bob, ids.paper],
      })
      .expect(201);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await fake.stop();
    await db.drop();
  });

  const send = (app: TestApp, body: object, secret = BOT_SECRET) =>
    app.http.post(`/api/bots/trend/webhook?token=${secret}`).send(body);
  const ordersOf = (apiKey: string) => fake.accounts.get(apiKey)!.engine.orders.size;
  const positionOf = (apiKey: string) =>
    (fake.accounts.get(apiKey)!.engine.positionRisk('BTCUSDT') as Array<{ positionAmt: string }>).find(
      (p) => Number(p.positionAmt) !== 0,
    )?.positionAmt;
  const byAccount = (body: { executions: Execution[] }) =>
    Object.fromEntries(body.executions.map((e) => [e.account, e]));

  it('one buy → three executions, each sized from its own balance and multiplier, each recorded', async () => {
    const res = await send(a, { symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1 }).expect(200);
    expect(res.body).toMatchObject({ success: true, bot: 'trend', message: '3 of 3 accounts done' });
    const e = byAccount(res.body as { executions: Execution[] });
    expect(Object.keys(e).sort()).toEqual(['Alice', 'Bob', 'Paper']);
    expect(e.Alice.exchange).toEqual({ mode: 'live', host: new URL(fake.url).host });
    expect(e.Paper.exchange).toEqual({ mode: 'paper', host: null });
    // 10% of the balance at 5x, at the fake's reference price: Alice 2000, Bob 5000, Paper 10000 × 0.5.
    const price = new Decimal(fake.engine.priceOf('BTCUSDT'));
    const expected = (balance: number) =>
      new Decimal(balance).mul('0.5').div(price).toDecimalPlaces(3, Decimal.ROUND_DOWN);
    expect(new Decimal(positionOf('alice-key-0001')!).toString()).toBe(expected(2000).toString());
    expect(new Decimal(positionOf('bob-key-00001')!).toString()).toBe(expected(5000).toString());
    expect(new Decimal(e.Paper.trade!.quantity).toString()).toBe(expected(5000).toString());
    // Nothing on the default account (not in the bot).
    expect(fake.engine.orders.size).toBe(0);

    await allSettled(db.url);
    const rows = await query<{ id: string; parentId: string | null; accountId: string | null; status: string }>(
      db.url,
      `SELECT id, "parentId", "accountId", status FROM "Signal" WHERE id = $1 OR "parentId" = $1 ORDER BY id`,
      [res.body.id],
    );
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatchObject({ parentId: null, accountId: null, status: 'EXECUTED' });
    expect(
      rows
        .slice(1)
        .map((r) => r.accountId)
        .sort(),
    ).toEqual([ids.alice, ids.bob, ids.paper].sort());
    const orders = await query<{ clientOrderId: string }>(
      db.url,
      `SELECT o."clientOrderId" FROM "ExchangeOrder" o JOIN "Signal" s ON s.id = o."signalId" WHERE s."parentId" = $1`,
      [res.body.id],
    );
    expect(new Set(orders.map((o) => o.clientOrderId)).size).toBe(3);
  });

  it("one account's revoked key fails alone: the others trade, the answer lists each", async () => {
    await control(fake, 'accounts/revoke', { apiKey: 'bob-key-00001' });
    const before = { alice: ordersOf('alice-key-0001'), bob: ordersOf('bob-key-00001') };
    const res = await send(a, { symbol: 'ETHUSDT', action: 'buy', balance_percentage: 0.1 }).expect(207);
    const e = byAccount(res.body as { executions: Execution[] });
    expect(e.Alice.http_status).toBe(200);
    expect(e.Paper.http_status).toBe(200);
    expect(e.Bob.http_status).toBe(502);
    expect(e.Bob.error).toMatch(/-2015|Invalid API key/i);
    // Binance quotes the server's address ("request ip: …"): neither the answer nor the record shows it.
    expect(JSON.stringify(res.body)).not.toMatch(/request ip/i);
    await allSettled(db.url);
    const [bob] = await query<{ errorMessage: string }>(db.url, `SELECT "errorMessage" FROM "Signal" WHERE id = $1`, [
      e.Bob.id,
    ]);
    expect(bob.errorMessage).toMatch(/-2015/);
    expect(bob.errorMessage).not.toMatch(/request ip|127\.0\.0\.1/i);
    expect(ordersOf('alice-key-0001')).toBe(before.alice + 1);
    expect(ordersOf('bob-key-00001')).toBe(before.bob);
    // The advice is Bob's own admin route, not the default account's settings; Bob's last check turns false.
    const advice = (e.Bob as unknown as { suggestions: string[] }).suggestions.join(' | ');
    expect(advice).toContain(`PATCH /api/admin/accounts/${ids.bob}`);
    expect(advice).not.toMatch(/binance\/config|BINANCE_API_KEY/);
    const bobAccount = async () =>
      (await a.http.get(`/api/admin/accounts/${ids.bob}`).set('Authorization', `Bearer ${TOKEN}`).expect(200)).body;
    for (let i = 0; i < 50 && (await bobAccount()).last_check_ok !== false; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await bobAccount()).toMatchObject({ last_check_ok: false });
    await control(fake, 'accounts/revoke', { apiKey: 'bob-key-00001', revoked: false });
    // The alert's own row is partial (not failed), lists its executions, and says its accounts' modes differ.
    await allSettled(db.url);
    const admin = (path: string) => a.http.get(`/api/admin/${path}`).set('Authorization', `Bearer ${TOKEN}`);
    const alert = (await admin(`signals/${res.body.id}`).expect(200)).body as {
      status: string;
      error: unknown;
      exchange: unknown;
      executions: Array<{ id: string; account: string; status: string; http_status: number; exchange: unknown }>;
    };
    expect(alert).toMatchObject({ status: 'partial', error: null, exchange: { mode: 'mixed', host: null } });
    expect(alert.executions.map((x) => [x.account, x.status, x.http_status]).sort()).toEqual([
      ['Alice', 'executed', 200],
      ['Bob', 'failed', 502],
      ['Paper', 'executed', 200],
    ]);
    expect(alert.executions.find((x) => x.account === 'Paper')!.exchange).toEqual({ mode: 'paper', host: null });
    const bobRow = (await admin(`signals/${e.Bob.id}`).expect(200)).body as { parent_id: string; account_id: string };
    expect(bobRow).toMatchObject({ parent_id: res.body.id, account_id: ids.bob });
    const partial = (await admin('signals?status=partial&limit=200').expect(200)).body as {
      items: Array<{ id: string; mode: string }>;
    };
    expect(partial.items.find((i) => i.id === res.body.id)).toMatchObject({ mode: 'mixed' });
    const failed = (await admin('signals?status=failed&limit=200').expect(200)).body as {
      items: Array<{ id: string }>;
    };
    expect(failed.items.map((i) => i.id)).not.toContain(res.body.id);
  });

  it('wrong secret: 401, recorded; an unknown bot is answered alike; the default secret opens no bot', async () => {
    const wrong = await a.http
      .post('/api/bots/trend/webhook')
      .send({ ...BUY, secret: 'a-guess-of-mine' })
      .expect(401);
    expect(wrong.body.error).toMatch(/the bot's webhook secret is wrong/);
    expect(wrong.body.suggestions.join(' ')).toMatch(/the bot's webhook_secret.*WEBHOOK_SECRET does not open a bot/);
    expect(wrong.body.suggestions.join(' ')).not.toContain('<WEBHOOK_SECRET>');
    await send(a, BUY, 'legacy-secret').expect(401);
    const unknown = await a.http
      .post('/api/bots/nobody/webhook')
      .send({ ...BUY, secret: 'a-guess-of-mine' })
      .expect(401);
    // The same answer but for the id: strangers cannot tell which slugs exist.
    const { id: wrongId, timestamp: _t1, ...wrongRest } = wrong.body;
    const { id: unknownId, timestamp: _t2, ...unknownRest } = unknown.body;
    expect(unknownRest).toEqual(wrongRest);
    expect(typeof unknownId).toBe(typeof wrongId);
    await send(a, BUY, '').expect(401);
    expect((await a.http.post('/api/bots/nobody/webhook').send(BUY).expect(401)).body.error).toBe(
      (await a.http.post('/api/bots/trend/webhook').send(BUY).expect(401)).body.error,
    );
    // Recorded with its reason, the guessed secret removed by its key.
    await allSettled(db.url);
    const [row] = await query<{ errorCode: string; route: string; payload: { head: string } }>(
      db.url,
      `SELECT "errorCode", route, payload FROM "Signal" WHERE id = $1`,
      [unknownId],
    );
    expect(row).toMatchObject({ errorCode: 'UNKNOWN_BOT', route: 'bot:nobody' });
    expect(row.payload.head).not.toContain('a-guess-of-mine');
    expect(row.payload.head).toContain('"secret":"[REDACTED]"');
    // Invalid JSON carrying the bot's secret: the invalid-JSON answer, not "the secret is missing".
    const text = `{"symbol":"BTCUSDT","action":"buy","entry": {{close}},"secret":"${BOT_SECRET}"}`;
    const invalid = await a.http.post('/api/bots/trend/webhook').set('Content-Type', 'text/plain').send(text);
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatch(/^Invalid JSON in request body/);
    const wrongText = text.replace(BOT_SECRET, 'not-the-bot-secret-at-all');
    await a.http.post('/api/bots/trend/webhook').set('Content-Type', 'text/plain').send(wrongText).expect(401);
  });

  it('halt → 423 and no order on any account; resume trades again', async () => {
    const before = ordersOf('alice-key-0001');
    await a.http.post('/api/admin/halt').set('Authorization', `Bearer ${TOKEN}`).send({}).expect(200);
    const untouched = { bob: ordersOf('bob-key-00001'), main: fake.engine.orders.size };
    const halted = await send(b, { ...BUY, id: 'halt-1' }).expect(423);
    expect(halted.body.error).toMatch(/global kill switch/);
    expect(ordersOf('alice-key-0001')).toBe(before);
    expect({ bob: ordersOf('bob-key-00001'), main: fake.engine.orders.size }).toEqual(untouched);
    // Recorded (just after the answer: wait for its row), and no account's execution was even started.
    await signalRow(db.url, halted.body.id);
    await allSettled(db.url);
    const halt = await query<{ status: string; executions: string }>(
      db.url,
      `SELECT status, (SELECT count(*) FROM "Signal" e WHERE e."parentId" = s.id)::text AS executions
         FROM "Signal" s WHERE s.id = $1`,
      [halted.body.id],
    );
    expect(halt).toEqual([{ status: 'REJECTED', executions: '0' }]);
    await a.http.post('/api/admin/resume').set('Authorization', `Bearer ${TOKEN}`).send({}).expect(200);
    const bot = (await a.http.get('/api/admin/bots').set('Authorization', `Bearer ${TOKEN}`)).body as Array<{
      id: string;
      slug: string;
    }>;
    const trend = bot.find((x) => x.slug === 'trend')!.id;
    await a.http.post(`/api/admin/bots/${trend}/halt`).set('Authorization', `Bearer ${TOKEN}`).send({}).expect(200);
    await send(a, BUY).expect(423);
    await a.http.post(`/api/admin/bots/${trend}/resume`).set('Authorization', `Bearer ${TOKEN}`).send({}).expect(200);
    await a.http.post(`/api/admin/accounts/${ids.alice}/halt`).set('Authorization', `Bearer ${TOKEN}`).send({});
    const one = await send(a, { symbol: 'BTCUSDT', action: 'close' }).expect(207);
    expect(byAccount(one.body as { executions: Execution[] }).Alice.http_status).toBe(423);
    await a.http.post(`/api/admin/accounts/${ids.alice}/resume`).set('Authorization', `Bearer ${TOKEN}`).send({});
    expect(ordersOf('alice-key-0001')).toBe(before);
    await send(b, { ...BUY, id: 'halt-1' }).expect(200);
    expect(ordersOf('alice-key-0001')).toBe(before + 1);
  });

  it('a halt reaches alerts already queued, and orders not yet sent: 423, nothing sent', async () => {
    const auth = `Bearer ${TOKEN}`;
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const before = { alice: ordersOf('alice-key-0001'), bob: ordersOf('bob-key-00001') };
    await control(fake, 'latency', { ms: 300 });
    // The first is reading the accounts (300 ms a request) when the halt comes; the second waits behind it.
    const first = send(a, { symbol: 'LINKUSDT', action: 'buy', balance_percentage: 0.1 }).then((r) => r);
    await pause(100);
    const second = send(a, { symbol: 'LINKUSDT', action: 'sell', balance_percentage: 0.1 }).then((r) => r);
    await pause(50);
    await a.http.post('/api/admin/halt').set('Authorization', auth).send({ reason: 'queued' }).expect(200);
    const [x, y] = await Promise.all([first, second]);
    await control(fake, 'latency', { ms: 0 });
    await a.http.post('/api/admin/resume').set('Authorization', auth).send({}).expect(200);
    for (const res of [x, y]) {
      const e = byAccount(res.body as { executions: Execution[] });
      expect([e.Alice.http_status, e.Bob.http_status]).toEqual([423, 423]);
      expect(e.Bob.error).toMatch(/Trading is halted \(global kill switch\): queued/);
    }
    expect({ alice: ordersOf('alice-key-0001'), bob: ordersOf('bob-key-00001') }).toEqual(before);
    await send(a, { symbol: 'LINKUSDT', action: 'close' }).expect(200);
  });

  it('an account edited while its alert waits in the queue trades as it is now (its new limits)', async () => {
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const before = ordersOf('bob-key-00001');
    await control(fake, 'latency', { ms: 300 });
    const first = send(a, { symbol: 'LINKUSDT', action: 'close' }).then((r) => r);
    await pause(50);
    const second = send(a, { symbol: 'LINKUSDT', action: 'buy', balance_percentage: 0.1 }).then((r) => r);
    await pause(50);
    await a.http
      .patch(`/api/admin/accounts/${ids.bob}`)
      .set('Authorization', `Bearer ${TOKEN}`)
      .send({ max_leverage: 3 })
      .expect(200);
    const [, y] = await Promise.all([first, second]);
    await control(fake, 'latency', { ms: 0 });
    await a.http
      .patch(`/api/admin/accounts/${ids.bob}`)
      .set('Authorization', `Bearer ${TOKEN}`)
      .send({ max_leverage: null })
      .expect(200);
    const bob = byAccount(y.body as { executions: Execution[] }).Bob;
    expect(bob.http_status).toBe(422);
    expect(bob.error).toMatch(/above this account's maximum of 3/);
    expect(ordersOf('bob-key-00001')).toBe(before);
    await send(a, { symbol: 'LINKUSDT', action: 'close' }).expect(200);
  });

  it("refuses an account's leverage above its maximum for that account only; lists a disabled one", async () => {
    await a.http
      .patch(`/api/admin/accounts/${ids.bob}`)
      .set('Authorization', `Bearer ${TOKEN}`)
      .send({ max_leverage: 3 })
      .expect(200);
    const enable = (enabled: boolean) =>
      a.http
        .patch(`/api/admin/accounts/${ids.alice}`)
        .set('Authorization', `Bearer ${TOKEN}`)
        .send({ enabled })
        .expect(200);
    await enable(false);
    const before = ordersOf('bob-key-00001');
    const res = await send(a, { symbol: 'SOLUSDT', action: 'buy', balance_percentage: 0.1 }).expect(207);
    await enable(true);
    // The disabled account is listed, recorded and counted as skipped, never silently left out.
    expect(res.body.message).toBe('1 of 3 accounts done; failed: Bob; skipped: Alice (disabled)');
    const e = byAccount(res.body as { executions: Execution[] });
    expect(e.Alice).toMatchObject({ http_status: 423, error: expect.stringMatching(/Account Alice is disabled/) });
    await allSettled(db.url);
    const skipped = await query(db.url, `SELECT status FROM "Signal" WHERE "parentId" = $1 AND "accountId" = $2`, [
      res.body.id,
      ids.alice,
    ]);
    expect(skipped).toEqual([{ status: 'REJECTED' }]);
    expect(e.Bob.http_status).toBe(422);
    expect(e.Bob.error).toMatch(/above this account's maximum of 3/);
    expect(e.Paper.http_status).toBe(200);
    expect(ordersOf('bob-key-00001')).toBe(before);
    await a.http
      .patch(`/api/admin/accounts/${ids.bob}`)
      .set('Authorization', `Bearer ${TOKEN}`)
      .send({ max_leverage: null });
  });

  it("target alerts: what they add is capped by the account's maximum value; its maximum leverage holds", async () => {
    const admin = (method: 'post' | 'patch', path: string, body: object) =>
      a.http[method](path).set('Authorization', `Bearer ${TOKEN}`).send(body);
    await admin('patch', `/api/admin/accounts/${ids.bob}`, { max_position_value_usdt: '1000', max_leverage: 3 }).expect(
      200,
    );
    // No defaults: the alerts below carry no leverage, so the symbol's leverage on Binance is what trades.
    await admin('post', '/api/admin/bots', {
      name: 'Targets',
      slug: 'targets',
      webhook_secret: 'targets-bot-secret-0123456',
      account_ids: [ids.bob],
    }).expect(201);
    const target = (body: object) =>
      a.http.post('/api/bots/targets/webhook?token=targets-bot-secret-0123456').send(body);
    const bob = () => fake.accounts.get('bob-key-00001')!.engine;
    const held = (symbol: string) =>
      (bob().positionRisk(symbol) as Array<{ positionAmt: string; leverage: string }>).find(
        (p) => Number(p.positionAmt) !== 0,
      );

    // The symbol's leverage on Binance (the default, 20x) is above Bob's maximum: refused, nothing sent.
    const before = ordersOf('bob-key-00001');
    const refused = await target({ symbol: 'ETHUSDT', market_position: 'long', market_position_size: '5' }).expect(422);
    expect(byAccount(refused.body as { executions: Execution[] }).Bob.error).toMatch(
      /The alert gives no leverage and ETHUSDT's leverage on Binance is 20, above this account's maximum of 3/,
    );
    expect(ordersOf('bob-key-00001')).toBe(before);

    // With leverage 3 it trades, capped at 1000 USDT of position (not 5 ETH).
    const capped = await target({
      symbol: 'ETHUSDT',
      market_position: 'long',
      market_position_size: '5',
      leverage: 3,
    }).expect(200);
    expect(JSON.stringify(capped.body)).toMatch(/capped to .* by the account's max_position_value_usdt of 1000/);
    const position = held('ETHUSDT')!;
    expect(position.leverage).toBe('3');
    const price = new Decimal(fake.engine.priceOf('ETHUSDT'));
    expect(new Decimal(position.positionAmt).mul(price).lte(1000)).toBe(true);
    expect(new Decimal(position.positionAmt).gt(0)).toBe(true);
    // A second, bigger target adds nothing beyond the cap.
    const orders = ordersOf('bob-key-00001');
    await target({ symbol: 'ETHUSDT', market_position: 'long', market_position_size: '8', leverage: 3 }).expect(200);
    expect(ordersOf('bob-key-00001')).toBe(orders);
    await target({ symbol: 'ETHUSDT', market_position: 'flat' }).expect(200);
    await admin('patch', `/api/admin/accounts/${ids.bob}`, {
      max_position_value_usdt: null,
      max_leverage: null,
    }).expect(200);
  });

  it('two instances, one database, one alert → exactly one order per account', async () => {
    await control(fake, 'latency', { ms: 30 });
    const before = { alice: ordersOf('alice-key-0001'), bob: ordersOf('bob-key-00001') };
    const body = { symbol: 'XRPUSDT', action: 'buy', balance_percentage: 0.1, id: 'twice-1' };
    const [x, y] = await Promise.all([send(a, body), send(b, body)]);
    expect([x.status, y.status].sort()).toEqual([200, 200]);
    expect([x.body.duplicate, y.body.duplicate].filter(Boolean)).toHaveLength(1);
    expect(ordersOf('alice-key-0001')).toBe(before.alice + 1);
    expect(ordersOf('bob-key-00001')).toBe(before.bob + 1);
    await control(fake, 'latency', { ms: 0 });
    // Every account, the paper one too (its engine lives in each instance): one execution, one order.
    await allSettled(db.url);
    const perAccount = await query<{ accountId: string; orders: string }>(
      db.url,
      `SELECT e."accountId", count(o.id)::text AS orders
         FROM "Signal" e JOIN "Signal" p ON p.id = e."parentId" LEFT JOIN "ExchangeOrder" o ON o."signalId" = e.id
        WHERE p.payload->>'id' = 'twice-1' GROUP BY e."accountId" ORDER BY e."accountId"`,
    );
    expect(perAccount).toEqual([ids.alice, ids.bob, ids.paper].sort().map((accountId) => ({ accountId, orders: '1' })));
  });

  it("runs one account's alerts for a symbol one after the other across instances", async () => {
    await send(a, { symbol: 'BTCUSDT', action: 'close' });
    await control(fake, 'latency', { ms: 30 });
    const [buy, sell] = await Promise.all([
      send(a, { symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1 }),
      send(b, { symbol: 'BTCUSDT', action: 'sell', balance_percentage: 0.1 }),
    ]);
    await control(fake, 'latency', { ms: 0 });
    expect([buy.status, sell.status]).toEqual([200, 200]);
    // On every account, whichever ran second saw the first one's position and reversed it.
    for (const name of ['Alice', 'Bob', 'Paper']) {
      const first = byAccount(buy.body as { executions: Execution[] })[name];
      const second = byAccount(sell.body as { executions: Execution[] })[name];
      const reversed = [first, second].filter((e) =>
        /Closed/.test((e.trade as { opposite_position_closed?: string } | undefined)?.opposite_position_closed ?? ''),
      );
      expect(reversed).toHaveLength(1);
    }
  });

  it('history, stats and the CSV export by bot and by account', async () => {
    await allSettled(db.url);
    const admin = (path: string) => a.http.get(`/api/admin/${path}`).set('Authorization', `Bearer ${TOKEN}`);
    const alice = (await admin(`signals?account_id=${ids.alice}&limit=200`).expect(200)).body as {
      items: Array<{ id: string }>;
    };
    expect(alice.items.length).toBeGreaterThan(0);
    const rows = await query<{ accountId: string }>(db.url, `SELECT "accountId" FROM "Signal" WHERE id = ANY($1)`, [
      alice.items.map((i) => i.id),
    ]);
    expect(new Set(rows.map((r) => r.accountId))).toEqual(new Set([ids.alice]));
    // route=bot: every bot's alerts and their executions, recorded under bot:<slug>.
    const byRoute = (await admin('signals?route=bot&limit=200').expect(200)).body as {
      items: Array<{ route: string }>;
    };
    expect(byRoute.items.length).toBeGreaterThan(alice.items.length);
    expect(byRoute.items.every((i) => i.route.startsWith('bot:'))).toBe(true);
    const bots = (await admin('bots').expect(200)).body as Array<{ id: string; slug: string }>;
    const trend = bots.find((x) => x.slug === 'trend')!.id;
    const stats = (await admin(`stats?bot_id=${trend}`).expect(200)).body as { total: number; bot_id: string };
    expect(stats).toMatchObject({ bot_id: trend });
    expect(stats.total).toBeGreaterThan(alice.items.length);
    const aliceStats = (await admin(`stats?account_id=${ids.alice}`).expect(200)).body as { total: number };
    // Alice's alerts (each bot alert that reached her) and her executions of them: one each.
    expect(aliceStats).toMatchObject({
      account_id: ids.alice,
      total: alice.items.length,
      executions: { total: alice.items.length },
    });
    // The server's throttled and unauthenticated counts are not an account's or a bot's: only unfiltered.
    expect(aliceStats).not.toHaveProperty('unauthenticated');
    expect(stats).not.toHaveProperty('throttled');
    expect(stats).toHaveProperty('server_counts');
    // Alerts and executions are counted apart: one alert to three accounts is one alert, three executions.
    const everything = (await admin('stats').expect(200)).body as {
      total: number;
      by_symbol: Record<string, number>;
      executions: { total: number; by_symbol: Record<string, number> };
      unauthenticated: { received: number };
    };
    const [split] = await query<{ alerts: number; executions: number; sol_alerts: number; sol_executions: number }>(
      db.url,
      `SELECT count(*) FILTER (WHERE "parentId" IS NULL)::int AS alerts,
              count(*) FILTER (WHERE "parentId" IS NOT NULL)::int AS executions,
              count(*) FILTER (WHERE "parentId" IS NULL AND symbol = 'SOLUSDT')::int AS sol_alerts,
              count(*) FILTER (WHERE "parentId" IS NOT NULL AND symbol = 'SOLUSDT')::int AS sol_executions
         FROM "Signal"`,
    );
    expect(split.sol_alerts).toBe(1);
    expect(everything).toMatchObject({
      total: split.alerts,
      by_symbol: expect.objectContaining({ SOLUSDT: 1 }),
      executions: { total: split.executions, by_symbol: expect.objectContaining({ SOLUSDT: split.sol_executions }) },
    });
    expect(everything.unauthenticated.received).toBeGreaterThan(0);
    // Orders by account and by bot (ids validated: an unknown one matches nothing, never everything).
    const orders = (path: string) =>
      admin(path)
        .expect(200)
        .then((r) => r.body as { items: Array<{ signal_id: string }> });
    const aliceOrders = await orders(`orders?account_id=${ids.alice}&limit=200`);
    expect(aliceOrders.items.length).toBeGreaterThan(0);
    const orderOwners = await query<{ accountId: string }>(
      db.url,
      `SELECT DISTINCT "accountId" FROM "Signal" WHERE id = ANY($1)`,
      [aliceOrders.items.map((o) => o.signal_id)],
    );
    expect(orderOwners).toEqual([{ accountId: ids.alice }]);
    expect((await orders('orders?account_id=00000000-0000-0000-0000-000000000000')).items).toEqual([]);
    expect((await orders('orders?bot_id=no-such-bot')).items).toEqual([]);
    const trendOrders = await orders(`orders?bot_id=${trend}&limit=200`);
    expect(trendOrders.items.length).toBeGreaterThan(aliceOrders.items.length);
    // Positions and balance of one account, or 404 for an unknown one.
    const paperPositions = (await admin(`positions?account_id=${ids.paper}`).expect(200)).body as {
      account: { name: string };
      exchange: { mode: string };
      balance: { wallet: string };
    };
    expect(paperPositions).toMatchObject({ account: { name: 'Paper' }, exchange: { mode: 'paper' } });
    const alicePositions = (await admin(`positions?account_id=${ids.alice}`).expect(200)).body as {
      balance: { wallet: string };
    };
    // Alice's own wallet (2000 less her fees), not the default account's 10000.
    expect(Number(alicePositions.balance.wallet)).toBeGreaterThan(1900);
    expect(Number(alicePositions.balance.wallet)).toBeLessThanOrEqual(2000);
    await admin('positions?account_id=nobody').expect(404);
    // By bot: the bot's alerts and their executions, nothing of today's routes.
    const byBot = (await admin(`signals?bot_id=${trend}&limit=200`).expect(200)).body as {
      items: Array<{ id: string }>;
    };
    const owners = await query<{ botId: string }>(db.url, `SELECT DISTINCT "botId" FROM "Signal" WHERE id = ANY($1)`, [
      byBot.items.map((i) => i.id),
    ]);
    expect(owners).toEqual([{ botId: trend }]);
    expect(byBot.items.length).toBeGreaterThan(alice.items.length);
    const csv = (await admin(`export.csv?account_id=${ids.alice}`).expect(200)).text;
    const lines = csv.trim().split('\n').slice(1);
    expect(lines.length).toBeGreaterThan(0);
    const executionIds = new Set(alice.items.map((i) => i.id));
    for (const line of lines) expect(executionIds.has(line.split(',')[1])).toBe(true);
    // Each row says its account and mode: Alice's are hers, live.
    for (const line of lines) expect(line.trimEnd().endsWith(`,${ids.alice},live`)).toBe(true);
    const bob = (await admin(`export.csv?account_id=${ids.bob}`).expect(200)).text;
    for (const line of lines) expect(bob).not.toContain(line.split(',')[2]);
  });

  it('an account removed while an alert is about to trade it: either the removal or the trade is refused', async () => {
    const auth = `Bearer ${TOKEN}`;
    await control(fake, 'accounts', { apiKey: 'dora-key-00001', apiSecret: 'dora-secret-00001', walletUsdt: '1000' });
    const created = await a.http
      .post('/api/admin/accounts')
      .set('Authorization', auth)
      .send({ name: 'Dora', mode: 'live', api_key: 'dora-key-00001', api_secret: 'dora-secret-00001' })
      .expect(201);
    const dora = created.body.id as string;
    await a.http
      .post('/api/admin/bots')
      .set('Authorization', auth)
      .send({ name: 'Solo', slug: 'solo', webhook_secret: 'solo-bot-secret-0123456', account_ids: [dora] })
      .expect(201);
    await control(fake, 'latency', { ms: 300 });
    // Dora's adapter starts on this first alert (its requests take 300 ms each): the removal comes meanwhile.
    const alert = a.http
      .post('/api/bots/solo/webhook?token=solo-bot-secret-0123456')
      .send({ symbol: 'XRPUSDT', action: 'buy', balance_percentage: 0.1, leverage: 2 })
      .then((r) => r);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const removal = await a.http.delete(`/api/admin/accounts/${dora}`).set('Authorization', auth);
    const res = await alert;
    await control(fake, 'latency', { ms: 0 });
    const traded = fake.accounts.get('dora-key-00001')!.engine.orders.size;
    if (removal.status === 200) {
      expect(traded).toBe(0);
      expect(res.body.executions[0]).toMatchObject({
        http_status: 423,
        error: 'Account Dora was removed: nothing was sent',
      });
    } else {
      expect(removal.status).toBe(409);
    }
    await allSettled(db.url);
    const orphans = await query(
      db.url,
      `SELECT id FROM "Signal" s WHERE "accountId" IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM "Account" a WHERE a.id = s."accountId")`,
    );
    expect(orphans).toEqual([]);
  });

  it('refuses a new api_key while the account holds a position under the current one (409 naming it)', async () => {
    // Alice holds the BTCUSDT position the alerts above left her (no alert more: the bot's weight share).
    const rekey = await a.http
      .patch(`/api/admin/accounts/${ids.alice}`)
      .set('Authorization', `Bearer ${TOKEN}`)
      .send({ api_key: 'another-key-0001', api_secret: 'another-secret-0001' })
      .expect(409);
    expect(rekey.body.message).toMatch(
      /^Account Alice has open under its current api_key: .*(long|short) [\d.]+ BTCUSDT/,
    );
    expect(rekey.body.message).toMatch(/close the positions \(and their protection\) first$/);
  });

  it('keeps an account that traded (409 on removal); no admin answer shows a key or bot secret', async () => {
    const removal = await a.http
      .delete(`/api/admin/accounts/${ids.alice}`)
      .set('Authorization', `Bearer ${TOKEN}`)
      .expect(409);
    expect(removal.body.message).toMatch(/executions on record .*disable it/);
    const answers = await Promise.all(
      ['accounts', `accounts/${ids.bob}`, 'bots'].map(
        async (path) =>
          (await a.http.get(`/api/admin/${path}`).set('Authorization', `Bearer ${TOKEN}`).expect(200)).text,
      ),
    );
    for (const secret of ['alice-secret-0001', 'bob-secret-00001', BOT_SECRET]) {
      for (const answer of answers) expect(answer).not.toContain(secret);
    }
  });
  it('a bot secret sealed under another CONFIG_ENCRYPTION_KEY: a clear 503 (recorded), never a 500', async () => {
    const created = await a.http
      .post('/api/admin/bots')
      .set('Authorization', `Bearer ${TOKEN}`)
      .send({ name: 'Rekeyed', slug: 'rekeyed', webhook_secret: BOT_SECRET, account_ids: [ids.paper] })
      .expect(201);
    const other = seal(BOT_SECRET, Buffer.from('9'.repeat(8) + KEY.slice(8), 'hex'));
    await query(db.url, `UPDATE "Bot" SET "secretCiphertext" = $2, "secretIv" = $3, "secretTag" = $4 WHERE id = $1`, [
      created.body.id,
      other.ciphertext,
      other.iv,
      other.tag,
    ]);
    const res = await a.http.post(`/api/bots/rekeyed/webhook?token=${BOT_SECRET}`).send(BUY).expect(503);
    expect(res.body).toMatchObject({ success: false, error: expect.stringMatching(/secret cannot be read/) });
    await allSettled(db.url);
    const rows = await query<{ errorCode: string; botId: string }>(
      db.url,
      `SELECT "errorCode", "botId" FROM "Signal" WHERE id = $1`,
      [res.body.id],
    );
    expect(rows).toEqual([{ errorCode: 'BOT_SECRET_UNREADABLE', botId: created.body.id }]);
  });

  it("a scaled, capped account's answers name its own cap, its alert's smallest size and what it closed", async () => {
    const admin = (path: string) => a.http.patch(`/api/admin/${path}`).set('Authorization', `Bearer ${TOKEN}`);
    await admin(`accounts/${ids.paper}`).send({ max_position_value_usdt: '200' }).expect(200);
    const capped = await send(a, { symbol: 'DOGEUSDT', action: 'buy', balance_percentage: 0.1 }).expect(200);
    const paper = byAccount(capped.body as { executions: Execution[] }).Paper as Execution & {
      trade: { quantity_capped: string };
    };
    expect(paper.trade.quantity_capped).toBe(
      "Quantity capped so the position stays within this account's maximum position value of 200 USDT (200 USDT more)",
    );
    await admin(`accounts/${ids.paper}`).send({ max_position_value_usdt: null }).expect(200);
    // Too small for every account: the paper account (multiplier 0.5) names the alert's value that would pass.
    const small = await send(a, { symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.01, leverage: 1 });
    expect(small.status).toBe(422);
    const e = byAccount(small.body as { executions: Execution[] });
    const smallest = (x: Execution) => Number(/would pass is ([\d.]+)/.exec(x.error!)![1]);
    expect(e.Paper.error).toContain("(× this account's sizing multiplier 0.5)");
    expect(e.Alice.error).not.toContain('multiplier');
    // Paper's balance is about 10000: 100 USDT ÷ (10000 × 0.5) ≈ 0.02 (not the 0.01 it would be unscaled).
    expect(smallest(e.Paper)).toBeGreaterThan(0.0199);
    expect(smallest(e.Paper)).toBeLessThan(0.021);
    // A close_quantity above what is held: the answer says what was closed, all of it, and what was asked.
    const closed = await send(a, { symbol: 'DOGEUSDT', action: 'close', close_quantity: 100000 }).expect(200);
    const paperClose = byAccount(closed.body as { executions: Execution[] }).Paper as Execution & { message: string };
    const held = /^Closed (\d+) DOGE on DOGEUSDT, all of it: long \1 of \1 \(/.exec(paperClose.message)![1];
    expect(paperClose.message).toContain(
      `(close_quantity 100000 DOGE (50000 DOGE at this account's multiplier) is more than the long ${held} DOGE held)`,
    );
  });
});
