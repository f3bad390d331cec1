/**
 * Replaying a bot alert passes the same checks as a fresh alert: the kill
 * switches (423, nothing sent), the bot and its accounts as they are now
 * (enabled, their current defaults), one replay per original as for every
 * replay; it trades only the accounts whose execution did not go through, so
 * no account ever trades twice, and it is recorded as a replay of the alert.
 */
import { FakeBinanceServer } from '../fake-binance/fake-binance-server';
import { control, liveModeAgainst, startFakeBinance } from '../support/exchange-harness';
import { allSettled } from '../support/records';
import { createTestApp, TestApp } from '../support/test-app';
import { query } from '../support/test-database';

const TOKEN = 'bot-replay-admin-token-0123456';
const KEY = '7c1c9e7f3b2d8046e1c9a7f35b0d2e84c6a1f9e3075bd2c48e16a9f03d7b5c21';
const BOT_SECRET = 'replayed-bot-secret-0123456789';
const ALICE = { apiKey: 'replay-alice-key-1', apiSecret: 'replay-alice-secret-1' };
const BOB = { apiKey: 'replay-bob-key-001', apiSecret: 'replay-bob-secret-001' };

interface Execution {
  account: string;
  account_id: string;
  http_status: number;
  id: string;
}

describe('bots: replaying an alert', () => {
  let fake: FakeBinanceServer;
  let t: TestApp;
  const ids: Record<string, string> = {};
  let botId: string;
  let alertId: string;

  beforeAll(async () => {
    fake = await startFakeBinance();
    t = await createTestApp(
      {
        ...liveModeAgainst(fake),
        WEBHOOK_SECRET: 'legacy-secret-0123',
        ADMIN_TOKEN: TOKEN,
        CONFIG_ENCRYPTION_KEY: KEY,
      },
      'bot-replay',
    );
    await control(fake, 'accounts', { ...ALICE, walletUsdt: '2000' });
    await control(fake, 'accounts', { ...BOB, walletUsdt: '5000' });
    const add = async (body: object) =>
      (await admin('post', '/api/admin/accounts', body).expect(201)).body.id as string;
    ids.alice = await add({ name: 'Alice', mode: 'live', api_key: ALICE.apiKey, api_secret: ALICE.apiSecret });
    ids.bob = await add({ name: 'Bob', mode: 'live', api_key: BOB.apiKey, api_secret: BOB.apiSecret });
    ids.paper = await add({ name: 'Paper', mode: 'paper' });
    botId = (
      await admin('post', '/api/admin/bots', {
        name: 'Replayed',
        slug: 'replayed',
        webhook_secret: BOT_SECRET,
        defaults: { leverage: 5 },
        account_ids: [ids.alice, ids.bob, ids.paper],
      }).expect(201)
    ).body.id as string;
  });
  afterAll(async () => {
    await t?.close();
    await fake?.stop();
  });

  function admin(method: 'post' | 'patch', path: string, body: object = {}) {
    return t.http[method](path).set('Authorization', `Bearer ${TOKEN}`).send(body);
  }
  const replay = (id: string) => admin('post', `/api/admin/signals/${id}/replay`);
  const orders = (apiKey: string) => fake.accounts.get(apiKey)!.engine.orders.size;
  const counts = () => ({ alice: orders(ALICE.apiKey), bob: orders(BOB.apiKey), main: fake.engine.orders.size });
  const leverageOf = (apiKey: string) =>
    (fake.accounts.get(apiKey)!.engine.positionRisk('BTCUSDT') as Array<{ leverage: string }>)[0].leverage;

  it("an alert that failed on one account: replaying one account's execution points to the alert", async () => {
    await control(fake, 'accounts/revoke', { apiKey: BOB.apiKey });
    const res = await t.http
      .post(`/api/bots/replayed/webhook?token=${BOT_SECRET}`)
      .send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1 })
      .expect(207);
    alertId = res.body.id as string;
    const bob = (res.body.executions as Execution[]).find((e) => e.account === 'Bob')!;
    expect(bob.http_status).toBe(502);
    await allSettled(t.db.url);
    await control(fake, 'accounts/revoke', { apiKey: BOB.apiKey, revoked: false });

    const one = await replay(bob.id).expect(409);
    expect(one.body.message).toMatch(new RegExp(`execution of bot alert ${alertId}: replay the alert`));
  });

  it('halted: the replay is recorded as a replay of the alert, answered 423, and nothing is sent', async () => {
    const before = counts();
    await admin('post', '/api/admin/halt', { reason: 'maintenance' }).expect(200);
    const res = await replay(alertId).expect(200);
    expect(res.body).toMatchObject({ replay_of: alertId, http_status: 423 });
    expect(res.body.result.error).toMatch(/global kill switch/);
    expect(counts()).toEqual(before);
    await admin('post', '/api/admin/resume').expect(200);
    await allSettled(t.db.url);
    const [row] = await query<{ status: string; replayOfId: string; botId: string }>(
      t.db.url,
      'SELECT status, "replayOfId", "botId" FROM "Signal" WHERE id = $1',
      [res.body.result.id],
    );
    expect(row).toEqual({ status: 'REJECTED', replayOfId: alertId, botId });
  });

  it('a halted account is refused 423 in the replay too, nothing sent to it', async () => {
    const before = counts();
    await admin('post', `/api/admin/accounts/${ids.bob}/halt`).expect(200);
    const res = await replay(alertId).expect(200);
    expect(res.body.http_status).toBe(423);
    expect((res.body.result.executions as Execution[]).map((e) => [e.account, e.http_status])).toEqual([['Bob', 423]]);
    expect(counts()).toEqual(before);
    await admin('post', `/api/admin/accounts/${ids.bob}/resume`).expect(200);
    await allSettled(t.db.url);
  });

  it("resumed: trades only the account that failed, with the bot's current defaults", async () => {
    await admin('patch', `/api/admin/bots/${botId}`, { defaults: { leverage: 3 } }).expect(200);
    const before = counts();
    const res = await replay(alertId).expect(200);
    expect(res.body).toMatchObject({ replay_of: alertId, http_status: 200 });
    expect((res.body.result.executions as Execution[]).map((e) => [e.account, e.http_status])).toEqual([['Bob', 200]]);
    expect((res.body.skipped_accounts as Array<{ account: string; reason: string }>).map((s) => s.account)).toEqual([
      'Alice',
      'Paper',
    ]);
    expect(res.body.skipped_accounts[0].reason).toMatch(/already went through/);
    // One order on Bob's account, none on Alice's (she traded in the alert), none on the default account.
    expect(counts()).toEqual({ ...before, bob: before.bob + 1 });
    expect(leverageOf(BOB.apiKey)).toBe('3');
    expect(leverageOf(ALICE.apiKey)).toBe('5');
    await allSettled(t.db.url);
    const rows = await query<{ status: string; replayOfId: string | null; accountId: string | null }>(
      t.db.url,
      'SELECT status, "replayOfId", "accountId" FROM "Signal" WHERE id = $1 OR "parentId" = $1 ORDER BY id',
      [res.body.result.id],
    );
    expect(rows).toEqual([
      { status: 'EXECUTED', replayOfId: alertId, accountId: null },
      { status: 'EXECUTED', replayOfId: null, accountId: ids.bob },
    ]);
  });

  it('once the replay went through, the alert is not replayed again; nothing left is 409 too', async () => {
    const before = counts();
    const again = await replay(alertId).expect(409);
    expect(again.body.message).toMatch(/already replayed|no account left to replay/);
    expect(counts()).toEqual(before);

    // A fresh alert failing on Bob, whose account is then disabled: nothing left to replay, said why.
    await control(fake, 'accounts/revoke', { apiKey: BOB.apiKey });
    const res = await t.http
      .post(`/api/bots/replayed/webhook?token=${BOT_SECRET}`)
      .send({ symbol: 'ETHUSDT', action: 'buy', balance_percentage: 0.1 })
      .expect(207);
    await control(fake, 'accounts/revoke', { apiKey: BOB.apiKey, revoked: false });
    await allSettled(t.db.url);
    await admin('patch', `/api/admin/accounts/${ids.bob}`, { enabled: false }).expect(200);
    const none = await replay(res.body.id as string).expect(409);
    expect(none.body.message).toMatch(/no account left to replay: .*Bob the account is disabled/);
    expect(counts()).toEqual({ ...before, alice: before.alice + 1 });
    await admin('patch', `/api/admin/accounts/${ids.bob}`, { enabled: true }).expect(200);
  });

  it('an account whose order may have executed (outcome unknown) is never replayed: skipped, said why', async () => {
    await control(fake, 'fail', { path: '/fapi/v1/order', method: 'POST', code: -2019, apiKey: BOB.apiKey });
    const res = await t.http
      .post(`/api/bots/replayed/webhook?token=${BOT_SECRET}`)
      .send({ symbol: 'SOLUSDT', action: 'buy', balance_percentage: 0.1 })
      .expect(207);
    const bob = (res.body.executions as Execution[]).find((e) => e.account === 'Bob')!;
    expect(bob.http_status).toBe(422);
    await allSettled(t.db.url);
    // As an order whose answer was lost and no lookup could settle is recorded.
    const [order] = await query<{ clientOrderId: string }>(
      t.db.url,
      `UPDATE "ExchangeOrder" SET status = 'UNKNOWN' WHERE "signalId" = $1 RETURNING "clientOrderId"`,
      [bob.id],
    );
    const before = counts();
    const none = await replay(res.body.id as string).expect(409);
    const skipped = (none.body.skipped_accounts as Array<{ account: string; reason: string }>).find(
      (s) => s.account === 'Bob',
    )!;
    expect(skipped.reason).toBe(
      `execution ${bob.id}: order ${order.clientOrderId} is unknown (its answer was lost and it may have executed): ` +
        'replaying could trade twice; check the position on Binance (and its order history), then close it or ' +
        'send a new alert instead of replaying',
    );
    expect(counts()).toEqual(before);
  });
});
