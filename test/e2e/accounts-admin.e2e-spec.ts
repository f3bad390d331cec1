/**
 * The accounts-and-bots admin API: CRUD with secrets write-only (stored
 * encrypted, never answered), Binance keys checked against the exchange
 * before they are saved, and the kill switches on today's routes (the default
 * bot and account): while halted an alert is recorded and answered 423 and
 * nothing reaches the exchange; resuming trades again.
 */
import { createTradingApp, TradingTestApp } from '../support/test-app';
import { allSettled, everyTableText, signalRow } from '../support/records';
import { control } from '../support/exchange-harness';
import { query } from '../support/test-database';

const TOKEN = 'test-admin-token-0123456789';
const KEY = '3f9c1e7a5b2d8046e1c9a7f35b0d2e84c6a1f9e3075bd2c48e16a9f03d7b5c21';
const ADVANCED = '/api/binance/advanced-trading-webhook';
const ALICE_SECRET = 'alice-secret-value-9f8e7d';
const BOT_SECRET = 'bot-secret-value-that-is-long';
const BUY = { symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 };

describe('accounts and bots: admin API and kill switches', () => {
  let t: TradingTestApp;
  const as = <T extends { set(k: string, v: string): T }>(req: T) => req.set('Authorization', `Bearer ${TOKEN}`);
  const orders = () => t.fake.requests.filter((r) => r.method === 'POST' && r.path === '/fapi/v1/order');

  beforeAll(async () => {
    t = await createTradingApp({ CONFIG_ENCRYPTION_KEY: KEY }, 'accadmin');
    await control(t.fake, 'accounts', { apiKey: 'alice-key-0001', apiSecret: ALICE_SECRET, walletUsdt: '3000' });
  });
  afterAll(() => t.close());

  it("lists the default account (environment keys, masked) and the default bot (today's routes)", async () => {
    const accounts = await as(t.http.get('/api/admin/accounts')).expect(200);
    expect(accounts.body).toEqual([
      expect.objectContaining({ id: 'default', mode: 'live', credential_source: 'environment', api_secret_set: true }),
    ]);
    expect(accounts.body[0].api_key).not.toBe(t.fake.apiKey);
    const bots = await as(t.http.get('/api/admin/bots')).expect(200);
    expect(bots.body).toEqual([
      expect.objectContaining({ id: 'default', slug: 'default', webhook_path: ADVANCED, account_ids: ['default'] }),
    ]);
  });

  it('refuses every route without the admin token', async () => {
    await t.http.get('/api/admin/accounts').expect(401);
    await t.http.post('/api/admin/bots').send({}).expect(401);
    await t.http.post('/api/admin/halt').send({}).expect(401);
  });

  let alice: string;
  let paper: string;
  it('adds a live account after checking its keys; the secret is stored encrypted and never answered', async () => {
    const res = await as(t.http.post('/api/admin/accounts'))
      .send({
        name: 'Alice',
        mode: 'live',
        api_key: 'alice-key-0001',
        api_secret: ALICE_SECRET,
        sizing_multiplier: '0.5',
        max_leverage: 10,
      })
      .expect(201);
    alice = res.body.id;
    expect(res.body).toMatchObject({
      name: 'Alice',
      mode: 'live',
      api_key: 'alic******0001',
      api_secret_set: true,
      sizing_multiplier: '0.5',
      max_leverage: 10,
      enabled: true,
      halted: false,
      last_check_ok: true,
    });
    expect(JSON.stringify(res.body)).not.toContain(ALICE_SECRET);
    expect(await everyTableText(t.db.url)).not.toContain(ALICE_SECRET);
    const paperRes = await as(t.http.post('/api/admin/accounts')).send({ name: 'Paper', mode: 'paper' }).expect(201);
    paper = paperRes.body.id;
    expect(paperRes.body).toMatchObject({ mode: 'paper', api_key: null, api_secret_set: false });
  });

  it('refuses keys Binance refuses (400 with the code), a revoked key included, and saves nothing', async () => {
    const res = await as(t.http.post('/api/admin/accounts'))
      .send({ name: 'Ghost', mode: 'live', api_key: 'ghost-key-0001', api_secret: 'ghost-secret-0001' })
      .expect(400);
    expect(res.body).toMatchObject({ code: -2015 });
    expect((await as(t.http.get('/api/admin/accounts')).expect(200)).body).toHaveLength(3);
  });

  it.each([
    [{ name: 'x', mode: 'live' }, /api_key/],
    [{ name: 'x', mode: 'paper', api_key: 'abcdefgh1234' }, /paper account takes no api_key/],
    [{ name: 'x', mode: 'demo' }, /mode must be paper, testnet or live/],
    [{ name: 'x', mode: 'paper', sizing_multiplier: 0 }, /sizing_multiplier must be a number from 0.0001 to 100/],
    [{ name: 'x', mode: 'paper', max_leverage: 200 }, /max_leverage/],
    [{ name: 'x', mode: 'paper', colour: 'red' }, /property colour should not exist/],
  ])('refuses a bad account %j with a 400 naming the field', async (body, message) => {
    const res = await as(t.http.post('/api/admin/accounts')).send(body).expect(400);
    expect(JSON.stringify(res.body)).toMatch(message);
  });

  it("refuses a Binance key another account uses (409 naming it), the default account's included", async () => {
    const taken = await as(t.http.post('/api/admin/accounts'))
      .send({ name: 'Alice again', mode: 'live', api_key: 'alice-key-0001', api_secret: ALICE_SECRET })
      .expect(409);
    expect(taken.body.message).toMatch(/already used by account "Alice" \(id [^)]+\).*sent twice/);
    const environment = await as(t.http.post('/api/admin/accounts'))
      .send({ name: 'Copy of default', mode: 'testnet', api_key: t.fake.apiKey, api_secret: t.fake.apiSecret })
      .expect(409);
    expect(environment.body.message).toMatch(/account "Default" \(id default\) \(BINANCE_API_KEY\)/);
    // A paper account switched to live with a taken key: refused the same way, and left as it was.
    const rekey = await as(t.http.patch(`/api/admin/accounts/${paper}`))
      .send({ mode: 'live', api_key: 'alice-key-0001', api_secret: ALICE_SECRET })
      .expect(409);
    expect(rekey.body.message).toMatch(/account "Alice"/);
    expect((await as(t.http.get(`/api/admin/accounts/${paper}`)).expect(200)).body).toMatchObject({ mode: 'paper' });
    // /api/binance/config may not give the default account a key another account trades with either.
    await as(t.http.post('/api/binance/config'))
      .send({ api_key: 'alice-key-0001', api_secret: ALICE_SECRET, mode: 'live' })
      .expect(409);
  });

  it('two saves of one new key at once: one account gets it, the other is refused (409)', async () => {
    await control(t.fake, 'accounts', { apiKey: 'carol-key-0001', apiSecret: 'carol-secret-0001', walletUsdt: '100' });
    const save = (name: string) =>
      as(t.http.post('/api/admin/accounts')).send({
        name,
        mode: 'live',
        api_key: 'carol-key-0001',
        api_secret: 'carol-secret-0001',
      });
    const answers = await Promise.all([save('Carol 1'), save('Carol 2'), save('Carol 3')]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    const created = answers.find((a) => a.status === 201)!.body;
    for (const refused of answers.filter((a) => a.status === 409)) {
      expect(refused.body.message).toMatch(new RegExp(`already used by account "${created.name}"`));
    }
    await as(t.http.delete(`/api/admin/accounts/${created.id}`)).expect(200);
  });

  it('reports accounts that already shared a key before the rule, in its answers', async () => {
    await query(
      t.db.url,
      `INSERT INTO "Account" (id, name, mode, "apiKey", "updatedAt") VALUES ('legacy', 'Legacy', 'live', $1, now())`,
      ['alice-key-0001'],
    );
    const list = (await as(t.http.get('/api/admin/accounts')).expect(200)).body as Array<Record<string, unknown>>;
    const byId = new Map(list.map((a) => [a.id, a]));
    expect(byId.get('legacy')!.warnings).toEqual([expect.stringMatching(/same Binance API key as account "Alice"/)]);
    expect(byId.get(alice)!.warnings).toEqual([expect.stringMatching(/account "Legacy" \(legacy\)/)]);
    expect(byId.get(paper)!.warnings).toEqual([]);
    await query(t.db.url, `DELETE FROM "Account" WHERE id = 'legacy'`);
  });

  it("refuses a duplicate name (409) and changing the default account's keys here (400)", async () => {
    await as(t.http.post('/api/admin/accounts')).send({ name: 'Alice', mode: 'paper' }).expect(409);
    await as(t.http.patch('/api/admin/accounts/default')).send({ mode: 'paper' }).expect(400);
    await as(t.http.patch('/api/admin/accounts/default')).send({ sizing_multiplier: '2' }).expect(200);
    await as(t.http.delete('/api/admin/accounts/default')).expect(409);
  });

  let bot: string;
  it('adds a bot with its own secret (write-only), defaults and accounts', async () => {
    const res = await as(t.http.post('/api/admin/bots'))
      .send({
        name: 'BTC trend',
        slug: 'btc-trend',
        webhook_secret: BOT_SECRET,
        state_aware: true,
        defaults: { leverage: 3, balance_percentage: 0.05 },
        account_ids: [alice, paper, 'default'],
      })
      .expect(201);
    bot = res.body.id;
    expect(res.body).toMatchObject({
      slug: 'btc-trend',
      webhook_path: '/api/bots/btc-trend/webhook',
      webhook_secret_set: true,
      state_aware: true,
      defaults: { leverage: 3, balance_percentage: 0.05 },
      account_ids: [alice, paper, 'default'].sort(),
    });
    expect(JSON.stringify(res.body)).not.toContain(BOT_SECRET);
    expect(await everyTableText(t.db.url)).not.toContain(BOT_SECRET);
    const changed = await as(t.http.patch(`/api/admin/bots/${bot}`))
      .send({ account_ids: [paper] })
      .expect(200);
    expect(changed.body.account_ids).toEqual([paper]);
  });

  it("changes an account's keys after checking them again; the new secret is never answered", async () => {
    const NEW_SECRET = 'alice-rotated-secret-5c4b3a';
    await control(t.fake, 'accounts', { apiKey: 'alice-key-0002', apiSecret: NEW_SECRET, walletUsdt: '3000' });
    const changed = await as(t.http.patch(`/api/admin/accounts/${alice}`))
      .send({ api_key: 'alice-key-0002', api_secret: NEW_SECRET })
      .expect(200);
    expect(changed.body).toMatchObject({ api_key: 'alic******0002', api_secret_set: true, last_check_ok: true });
    // Keys Binance refuses are not saved: the account keeps the ones it had.
    await as(t.http.patch(`/api/admin/accounts/${alice}`))
      .send({ api_key: 'alice-key-0003', api_secret: 'not-a-key-binance-knows' })
      .expect(400);
    const one = await as(t.http.get(`/api/admin/accounts/${alice}`)).expect(200);
    expect(one.body.api_key).toBe('alic******0002');
    const answers = [
      changed.body,
      one.body,
      (await as(t.http.get('/api/admin/accounts')).expect(200)).body,
      (await as(t.http.get('/api/admin/bots')).expect(200)).body,
      (await as(t.http.get(`/api/admin/bots/${bot}`)).expect(200)).body,
    ];
    for (const secret of [NEW_SECRET, ALICE_SECRET, BOT_SECRET]) {
      expect(JSON.stringify(answers)).not.toContain(secret);
      expect(await everyTableText(t.db.url)).not.toContain(secret);
    }
  });

  it.each([
    [{ slug: 'Bad Slug' }, /slug/],
    [{ webhook_secret: 'short' }, /webhook_secret must be 16 to 128/],
    [{ defaults: { symbol: 'ETHUSDT' } }, /may not set symbol/],
    [{ defaults: { leverage: 0 } }, /leverage/],
    [{ account_ids: ['nobody'] }, /no account with id nobody/],
  ])('refuses a bad bot %j with a 400', async (change, message) => {
    const body = { name: 'Other', slug: 'other', webhook_secret: 'another-secret-long-enough', ...change };
    const res = await as(t.http.post('/api/admin/bots')).send(body).expect(400);
    expect(JSON.stringify(res.body)).toMatch(message);
  });

  it("refuses changing the default bot's accounts, defaults or state_aware (400): the routes ignore them", async () => {
    for (const change of [{ account_ids: [paper] }, { defaults: { leverage: 2 } }, { state_aware: true }]) {
      const res = await as(t.http.patch('/api/admin/bots/default')).send(change).expect(400);
      expect(res.body.message).toMatch(/today's routes .* trade the default account with the alert's own fields/);
    }
    const bot = (await as(t.http.get('/api/admin/bots/default')).expect(200)).body;
    expect(bot).toMatchObject({ account_ids: ['default'], defaults: {}, state_aware: false });
    await as(t.http.patch('/api/admin/bots/default')).send({ name: 'Today' }).expect(200);
    await as(t.http.patch('/api/admin/bots/default')).send({ name: 'Default' }).expect(200);
  });

  it('refuses a taken slug (409), and removing the default bot (409)', async () => {
    await as(t.http.post('/api/admin/bots'))
      .send({ name: 'Copy', slug: 'btc-trend', webhook_secret: 'another-secret-long-enough' })
      .expect(409);
    await as(t.http.delete('/api/admin/bots/default')).expect(409);
  });

  it("global halt: alerts on today's routes recorded, answered 423, nothing sent; resume trades again", async () => {
    const halted = await as(t.http.post('/api/admin/halt')).send({ reason: 'exchange incident' }).expect(200);
    expect(halted.body).toMatchObject({ halted: true, reason: 'exchange incident' });
    const before = orders().length;
    const res = await t.http
      .post(ADVANCED)
      .send({ ...BUY, id: 'halted-1' })
      .expect(423);
    expect(res.body).toMatchObject({ success: false, suggestions: [expect.stringMatching(/resume/)] });
    expect(res.body.error).toMatch(/global kill switch\): exchange incident/);
    expect(res.body.exchange).toEqual({ mode: 'live', host: expect.any(String) });
    await allSettled(t.db.url);
    expect(await signalRow(t.db.url, res.body.id)).toMatchObject({
      status: 'REJECTED',
      httpStatus: 423,
      errorCode: 'HALTED',
    });
    // A close is refused too: while halted nothing at all is sent.
    await t.http.post(ADVANCED).send({ symbol: 'BTCUSDT', action: 'close' }).expect(423);
    expect(orders()).toHaveLength(before);

    await as(t.http.post('/api/admin/resume')).send({}).expect(200);
    expect((await as(t.http.get('/api/admin/halt')).expect(200)).body).toMatchObject({ halted: false });
    // The alert's retry after resuming is not a duplicate: it trades.
    await t.http
      .post(ADVANCED)
      .send({ ...BUY, id: 'halted-1' })
      .expect(200);
    expect(orders()).toHaveLength(before + 1);
  });

  it("the default bot's and the default account's switches stop today's routes alone", async () => {
    const before = orders().length;
    await as(t.http.post('/api/admin/bots/default/halt')).send({}).expect(200);
    expect((await t.http.post(ADVANCED).send(BUY).expect(423)).body.error).toMatch(/bot Default/);
    await as(t.http.post('/api/admin/bots/default/resume')).send({}).expect(200);
    await as(t.http.post('/api/admin/accounts/default/halt')).send({ reason: 'margin call' }).expect(200);
    expect((await t.http.post(ADVANCED).send(BUY).expect(423)).body.error).toMatch(/account Default.*margin call/);
    await as(t.http.post('/api/admin/accounts/default/resume')).send({}).expect(200);
    expect(orders()).toHaveLength(before);
    await t.http.post(ADVANCED).send(BUY).expect(200);
  });

  it('a replay passes the same switches', async () => {
    t.fake.fail({ path: '/fapi/v1/order', count: 1, code: -2019 });
    const failed = await t.http.post(ADVANCED).send(BUY).expect(422);
    const before = orders().length;
    await allSettled(t.db.url);
    await as(t.http.post('/api/admin/halt')).send({}).expect(200);
    const replay = await as(t.http.post(`/api/admin/signals/${failed.body.id}/replay`)).send({});
    await as(t.http.post('/api/admin/resume')).send({}).expect(200);
    expect(replay.body).toMatchObject({ replay_of: failed.body.id, http_status: 423 });
    expect(replay.body.result.error).toMatch(/global kill switch/);
    expect(orders()).toHaveLength(before);
  });

  it("today's routes, signals fired by hand and replays trade the default account within its limits", async () => {
    const limits = { max_leverage: 3, max_position_value_usdt: '1000', sizing_multiplier: '0.5' };
    await as(t.http.patch('/api/admin/accounts/default')).send(limits).expect(200);
    const before = orders().length;
    const refused = await t.http
      .post(ADVANCED)
      .send({ ...BUY, leverage: 5 })
      .expect(422);
    const reason = /Leverage 5 is above this account's maximum of 3: nothing sent to account Default/;
    expect(refused.body.error).toMatch(reason);
    const byHand = await as(t.http.post('/api/admin/signals'))
      .send({ ...BUY, leverage: 5 })
      .expect(422);
    expect(byHand.body.error).toMatch(reason);
    expect(orders()).toHaveLength(before);

    // The multiplier scales the size (600 USDT × 0.5), the cap bounds the position value (5000 × 0.5 → 1000).
    const value = (order: { params: Record<string, unknown> }, symbol: string) =>
      Number(order.params.quantity) * Number(t.fake.engine.priceOf(symbol));
    await t.http.post(ADVANCED).send({ symbol: 'ETHUSDT', action: 'buy', usdt: 600, leverage: 2 }).expect(200);
    expect(value(orders().at(-1)!, 'ETHUSDT')).toBeGreaterThan(290);
    expect(value(orders().at(-1)!, 'ETHUSDT')).toBeLessThanOrEqual(300);
    await t.http.post(ADVANCED).send({ symbol: 'SOLUSDT', action: 'buy', usdt: 5000, leverage: 2 }).expect(200);
    expect(value(orders().at(-1)!, 'SOLUSDT')).toBeGreaterThan(800);
    expect(value(orders().at(-1)!, 'SOLUSDT')).toBeLessThanOrEqual(1000);

    // A replay of a failed alert obeys the limits as they are now.
    t.fake.fail({ path: '/fapi/v1/order', count: 1, code: -2019 });
    const failed = await t.http
      .post(ADVANCED)
      .send({ ...BUY, leverage: 3 })
      .expect(422);
    await allSettled(t.db.url);
    await as(t.http.patch('/api/admin/accounts/default')).send({ max_leverage: 2 }).expect(200);
    const sent = orders().length;
    const replay = await as(t.http.post(`/api/admin/signals/${failed.body.id}/replay`))
      .send({})
      .expect(200);
    expect(replay.body).toMatchObject({ http_status: 422 });
    expect(replay.body.result.error).toMatch(/Leverage 3 is above this account's maximum of 2/);
    expect(orders()).toHaveLength(sent);

    // Disabled, the default account takes nothing from today's routes either.
    await as(t.http.patch('/api/admin/accounts/default')).send({ enabled: false }).expect(200);
    expect((await t.http.post(ADVANCED).send(BUY).expect(423)).body.error).toMatch(/Account Default is disabled/);
    const reset = { max_leverage: null, max_position_value_usdt: null, sizing_multiplier: '1', enabled: true };
    await as(t.http.patch('/api/admin/accounts/default')).send(reset).expect(200);
    expect(orders()).toHaveLength(sent);
  });

  it('removes a bot, and an account without executions', async () => {
    await as(t.http.delete(`/api/admin/bots/${bot}`)).expect(200);
    await as(t.http.delete(`/api/admin/accounts/${paper}`)).expect(200);
    await as(t.http.get(`/api/admin/accounts/${paper}`)).expect(404);
    expect(await query(t.db.url, 'SELECT 1 FROM "BotAccount" WHERE "accountId" = $1', [paper])).toHaveLength(0);
  });

  it('keeps a live account live: switching it to paper is refused with the way to rehearse', async () => {
    for (const body of [{ mode: 'paper' }, { mode: 'paper', api_key: null, api_secret: null }]) {
      const res = await as(t.http.patch(`/api/admin/accounts/${alice}`))
        .send(body)
        .expect(400);
      expect(res.body.message).toMatch(/trades live: it cannot become a paper account.*create a paper account/);
    }
    expect((await as(t.http.get(`/api/admin/accounts/${alice}`)).expect(200)).body).toMatchObject({ mode: 'live' });
    const badKey = { name: 'x', mode: 'live', api_key: 'not a key!', api_secret: 'abcdefgh12' };
    const res = await as(t.http.post('/api/admin/accounts')).send(badKey).expect(400);
    expect(JSON.stringify(res.body)).toContain('api_key must be 8 to 128 letters, digits, \\"-\\" or \\"_\\"');
  });

  it('keeps history its own: an account or bot an alert reached stays, a slug with history is not reused', async () => {
    const quiet = (await as(t.http.post('/api/admin/accounts')).send({ name: 'Quiet', mode: 'paper' }).expect(201)).body
      .id as string;
    const bot = (
      await as(t.http.post('/api/admin/bots'))
        .send({ name: 'Quiet', slug: 'quiet', webhook_secret: BOT_SECRET, account_ids: [quiet] })
        .expect(201)
    ).body.id as string;
    const close = await t.raw
      .post(`/api/bots/quiet/webhook?token=${BOT_SECRET}`)
      .send({ symbol: 'BTCUSDT', action: 'close' })
      .expect(200);
    expect(close.body.executions[0].message).toMatch(/nothing to close/);
    await allSettled(t.db.url);
    const account = await as(t.http.delete(`/api/admin/accounts/${quiet}`)).expect(409);
    expect(account.body.message).toMatch(/executions on record .*one that sent no order included.*disable it/);
    const removed = await as(t.http.delete(`/api/admin/bots/${bot}`)).expect(409);
    expect(removed.body.message).toMatch(/1 alert on record .*disable it/);
    // Renamed, the bot keeps its history; its old slug is not given to another bot.
    await as(t.http.patch(`/api/admin/bots/${bot}`))
      .send({ slug: 'quiet-2' })
      .expect(200);
    const reused = await as(t.http.post('/api/admin/bots'))
      .send({ name: 'Other quiet', slug: 'quiet', webhook_secret: 'another-secret-long-enough' })
      .expect(409);
    expect(reused.body.message).toMatch(/slug quiet was used by another bot whose alerts are on record/);
    await as(t.http.patch(`/api/admin/bots/${bot}`))
      .send({ slug: 'quiet' })
      .expect(200);
  });
});
