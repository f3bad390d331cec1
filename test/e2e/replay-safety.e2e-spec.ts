/**
 * Replay is an admin executing a recorded signal again: it must never execute
 * what a stranger sent (no secret, or a refused source), and never twice at
 * once for one original.
 */
import { orderRequestsTo } from '../support/fake-state';
import { allSettled, signalRow } from '../support/records';
import { createTradingApp, TradingTestApp } from '../support/test-app';
import { query } from '../support/test-database';

const ADVANCED = '/api/binance/advanced-trading-webhook';
const ADMIN = 'replay-admin-token-0123456789';
const STRANGER_BUY = { symbol: 'ETHUSDT', action: 'buy', balance_percentage: 1, leverage: 20 };

describe('replay of refused requests', () => {
  let t: TradingTestApp;
  let allowlisted: TradingTestApp;
  const replay = (app: TradingTestApp, id: string) =>
    app.http.post(`/api/admin/signals/${id}/replay`).set('Authorization', `Bearer ${ADMIN}`);

  beforeAll(async () => {
    t = await createTradingApp({ ADMIN_TOKEN: ADMIN }, 'replaysafe');
    allowlisted = await createTradingApp({ ADMIN_TOKEN: ADMIN, WEBHOOK_IP_ALLOWLIST: '203.0.113.9' }, 'replaysrc');
  });
  afterAll(async () => {
    await t.close();
    await allowlisted.close();
  });
  beforeEach(() => t.fake.reset());

  it('never executes an alert that failed authentication (401), whatever the admin asks', async () => {
    const stranger = await t.raw.post(ADVANCED).send(STRANGER_BUY).expect(401);
    const wrong = await t.raw
      .post(ADVANCED)
      .send({ ...STRANGER_BUY, secret: 'not-the-secret' })
      .expect(401);
    await allSettled(t.db.url);
    for (const id of [stranger.body.id, wrong.body.id]) {
      const res = await replay(t, id).expect(409);
      expect(res.body.message).toMatch(/did not pass the secret and source checks: it can never be replayed/);
    }
    expect(orderRequestsTo(t.fake)).toEqual([]);
    expect(await signalRow(t.db.url, stranger.body.id)).toMatchObject({
      status: 'REJECTED',
      errorCode: 'UNAUTHORIZED',
    });
  });

  it('never executes an alert from a refused source (403)', async () => {
    const blocked = await allowlisted.http.post(ADVANCED).send(STRANGER_BUY).expect(403);
    await allSettled(allowlisted.db.url);
    await replay(allowlisted, blocked.body.id).expect(409);
    expect(orderRequestsTo(allowlisted.fake)).toEqual([]);
  });

  it('still replays a signed alert that was refused for its fields, once they pass', async () => {
    const refused = await t.http
      .post(ADVANCED)
      .send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 5, leverage: 5 })
      .expect(422);
    await allSettled(t.db.url);
    const again = await replay(t, refused.body.id).expect(200);
    expect(again.body).toMatchObject({ replay_of: refused.body.id, http_status: 422 });
    expect(orderRequestsTo(t.fake)).toEqual([]);
  });
});

describe('replay of a signal recorded under a route the table does not know', () => {
  let t: TradingTestApp;

  beforeAll(async () => {
    t = await createTradingApp({ ADMIN_TOKEN: ADMIN }, 'replayroute');
  });
  afterAll(() => t.close());

  it('is refused with 409 naming the route, and nothing is sent', async () => {
    const refused = await t.http
      .post(ADVANCED)
      .send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 5, leverage: 5 })
      .expect(422);
    // The refusal is recorded just after the answer: wait for its row before renaming its route.
    await signalRow(t.db.url, refused.body.id);
    await allSettled(t.db.url);
    // A route since taken out of the table (the records keep the name they were received under).
    await query(t.db.url, `UPDATE "Signal" SET route = 'retired-route' WHERE id = $1`, [refused.body.id]);
    const again = await t.http
      .post(`/api/admin/signals/${refused.body.id}/replay`)
      .set('Authorization', `Bearer ${ADMIN}`)
      .expect(409);
    expect(again.body.message).toContain('"retired-route", which is not one of the webhook routes');
    expect(orderRequestsTo(t.fake)).toEqual([]);
  });
});

describe('replay idempotency', () => {
  let t: TradingTestApp;
  const replay = (id: string) => t.http.post(`/api/admin/signals/${id}/replay`).set('Authorization', `Bearer ${ADMIN}`);

  beforeAll(async () => {
    t = await createTradingApp({ ADMIN_TOKEN: ADMIN }, 'replayonce');
  });
  afterAll(() => t.close());

  async function failedSignal(symbol: string): Promise<string> {
    t.fake.fail({ path: '/fapi/v1/order', count: 1, code: -2019 });
    const res = await t.http
      .post(ADVANCED)
      .send({ symbol, action: 'buy', balance_percentage: 0.1, leverage: 5 })
      .expect(422);
    await allSettled(t.db.url);
    return res.body.id;
  }

  it('runs one replay per original at a time: concurrent requests get 409 naming the one running', async () => {
    const original = await failedSignal('XRPUSDT');
    t.fake.reset();
    t.fake.latencyMs = 150;
    const answers = await Promise.all([replay(original), replay(original), replay(original)]);
    t.fake.latencyMs = 0;
    const ran = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 409);
    expect(ran).toHaveLength(1);
    expect(refused).toHaveLength(2);
    const replayId = ran[0].body.result.id;
    for (const r of refused) {
      expect(r.body).toMatchObject({ statusCode: 409, replay_id: replayId });
      expect(r.body.message).toContain(replayId);
    }
    expect(orderRequestsTo(t.fake)).toHaveLength(1);
  });

  it('refuses a signal whose order may have executed (outcome unknown, filled in part), naming the order', async () => {
    const original = await failedSignal('SOLUSDT');
    t.fake.reset();
    const [order] = await query<{ clientOrderId: string }>(
      t.db.url,
      `UPDATE "ExchangeOrder" SET status = 'UNKNOWN' WHERE "signalId" = $1 RETURNING "clientOrderId"`,
      [original],
    );
    const unknown = await replay(original).expect(409);
    expect(unknown.body.message).toBe(
      `Signal ${original} is not replayed: order ${order.clientOrderId} is unknown (its answer was lost and it ` +
        'may have executed): replaying could trade twice; check the position on Binance (and its order ' +
        'history), then close it or send a new alert instead of replaying',
    );
    expect(unknown.body.order).toEqual({
      client_order_id: order.clientOrderId,
      status: 'UNKNOWN',
      signal_id: original,
    });
    await query(t.db.url, `UPDATE "ExchangeOrder" SET status = 'CANCELED', "executedQty" = 1 WHERE "signalId" = $1`, [
      original,
    ]);
    const partly = await replay(original).expect(409);
    expect(partly.body.message).toMatch(/is canceled \(it executed in part\)/);
    expect(orderRequestsTo(t.fake)).toEqual([]);
  });

  it('refuses to replay again once a replay executed, pointing at it; a failed replay frees the original', async () => {
    const original = await failedSignal('ADAUSDT');
    t.fake.reset();
    t.fake.fail({ path: '/fapi/v1/order', count: 1, code: -2019 });
    const failedAgain = await replay(original).expect(200);
    expect(failedAgain.body.http_status).toBe(422);
    await allSettled(t.db.url);
    const executed = await replay(original).expect(200);
    expect(executed.body.result.success).toBe(true);
    await allSettled(t.db.url);
    const third = await replay(original).expect(409);
    expect(third.body.replay_id).toBe(executed.body.result.id);
    // Replaying the replay that failed replays the same original: refused too.
    await replay(failedAgain.body.result.id).expect(409);
    expect(orderRequestsTo(t.fake).filter((o) => o.symbol === 'ADAUSDT')).toHaveLength(2);
  });
});
