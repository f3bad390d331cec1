/**
 * Binance's order-rate limits: the fake counts orders per 10 s and per minute
 * and answers as Binance does over a limit (HTTP 429, -1015, Retry-After, the
 * order-count headers); the service pauses order sending after a -1015, as
 * it pauses every request after a weight 429, and shows the counts in health.
 */
import { RequestWeightBudget } from '../../src/exchange/request-weight-budget';
import { signPayload } from '../fake-binance/binance-auth';
import { control } from '../support/exchange-harness';
import { orderRequestsTo, positionsOf } from '../support/fake-state';
import { signalRow } from '../support/records';
import { createTradingApp, TradingTestApp } from '../support/test-app';

const ADVANCED = '/api/binance/advanced-trading-webhook';
const BUY = { symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 };

describe('order-rate limits', () => {
  let t: TradingTestApp;
  beforeAll(async () => {
    t = await createTradingApp(
      {
        EXCHANGE_PAUSE_MAX_MS: '600',
        CONFIG_ENCRYPTION_KEY: '3c9a1f7e5b2d8c4a6e0f9b1d3a5c7e9f2b4d6f8a0c1e3a5b7d9f1c3e5a7b9d0f',
      },
      'order-rate',
    );
  });
  afterAll(() => t.close());
  beforeEach(() => t.fake.reset());

  /** A signed MARKET order straight to the fake, keeping what binance-api-node loses: status and headers. */
  const rawOrder = (clientOrderId: string) => {
    const query = new URLSearchParams({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.01',
      newClientOrderId: clientOrderId,
      timestamp: String(Date.now()),
    }).toString();
    return fetch(`${t.fake.url}/fapi/v1/order?${query}&signature=${signPayload(query, t.fake.apiSecret)}`, {
      method: 'POST',
      headers: { 'X-MBX-APIKEY': t.fake.apiKey },
    });
  };

  it('the fake answers over its order-count limit exactly as Binance does', async () => {
    await control(t.fake, 'order-limits', { per10s: 2 });
    const first = await rawOrder('raw-1');
    expect(first.status).toBe(200);
    expect(first.headers.get('x-mbx-order-count-10s')).toBe('1');
    expect(first.headers.get('x-mbx-order-count-1m')).toBe('1');
    expect((await rawOrder('raw-2')).headers.get('x-mbx-order-count-10s')).toBe('2');
    const refused = await rawOrder('raw-3');
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({
      code: -1015,
      msg: 'Too many new orders; current limit is 2 orders per 10 SECOND.',
    });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(10);
    expect(refused.headers.get('x-mbx-order-count-10s')).toBe('2');
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([['BOTH', '0.020']]);
  });

  it('the per-minute limit counts each order of a batch', async () => {
    await control(t.fake, 'order-limits', { per10s: null, perMinute: 1 });
    expect((await rawOrder('raw-m1')).status).toBe(200);
    const refused = await rawOrder('raw-m2');
    expect(await refused.json()).toMatchObject({
      code: -1015,
      msg: 'Too many new orders; current limit is 1 orders per 1 MINUTE.',
    });
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  });

  it('a -1015 pauses order sending (reads go on); health shows the order counts next to the weight', async () => {
    // Binance's 10-second windows start on the clock's tens: started late in one, the pause its Retry-After asks
    // (the rest of that window) could end before the paused alert is sent.
    const intoWindow = Date.now() % 10_000;
    if (intoWindow > 4_000) await new Promise((resolve) => setTimeout(resolve, 10_050 - intoWindow));
    await control(t.fake, 'order-limits', { per10s: 1 });
    await t.http.post(ADVANCED).send(BUY).expect(200);
    const limited = await t.http
      .post(ADVANCED)
      .send({ ...BUY, balance_percentage: 0.11 })
      .expect(503);
    expect(limited.body.error).toMatch(/Code -1015/);
    expect((await signalRow(t.db.url, limited.body.id)).errorCode).toBe('-1015');
    const health = await t.http
      .get('/api/health')
      .set('Authorization', 'Bearer test-admin-token-0123456789')
      .expect(200);
    expect(health.body.details.exchange).toMatchObject({ orderCount10s: 1, orderCount1m: 1 });
    // Without the admin token: the status and the mode, nothing to time the trader's orders by.
    const open = (await t.http.get('/api/health').expect(200)).body.details;
    expect(open.exchange).toMatchObject({ status: 'up', mode: 'live' });
    for (const counter of ['usedWeight1m', 'orderCount10s', 'orderCount1m', 'pausedUntil', 'ordersPausedUntil']) {
      expect(open.exchange).not.toHaveProperty(counter);
    }
    expect(open.streams).not.toHaveProperty('lastEventAgeMs');
    expect(health.body.details.exchange.usedWeight1m).toBeGreaterThan(0);
    expect(health.body.details.exchange.ordersPausedUntil).toEqual(expect.any(String));

    const orders = orderRequestsTo(t.fake).length;
    const paused = await t.http
      .post(ADVANCED)
      .send({ ...BUY, balance_percentage: 0.12 })
      .expect(503);
    expect(paused.body.error).toMatch(/paused/);
    expect(orderRequestsTo(t.fake)).toHaveLength(orders); // no order reached Binance
    expect(t.fake.requests.at(-1)?.path).not.toBe('/fapi/v1/order');

    await control(t.fake, 'order-limits', { per10s: null });
    await new Promise((resolve) => setTimeout(resolve, 650));
    await t.http
      .post(ADVANCED)
      .send({ ...BUY, balance_percentage: 0.13 })
      .expect(200);
  });

  it('the default routes take their weight from the per-IP budget; closes keep their headroom', async () => {
    await t.http.post(ADVANCED).send(BUY).expect(200);
    // Far enough from the minute's end that the budget does not roll over (nor wait for it) mid-test.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 57_000) await new Promise((resolve) => setTimeout(resolve, 60_100 - intoMinute));
    const budget = t.app.get(RequestWeightBudget);
    // Other bots' entries fill everything entries may use (one bot alone may not: two of them).
    const flood = budget.entryCapacity - budget.usedThisMinute;
    expect((await budget.reserve(budget.holderCapacity, { holder: 'flood-a', reducesOnly: false })).admitted).toBe(
      true,
    );
    expect(
      (await budget.reserve(flood - budget.holderCapacity, { holder: 'flood-b', reducesOnly: false })).admitted,
    ).toBe(true);
    const orders = orderRequestsTo(t.fake).length;
    const refused = await t.http
      .post(ADVANCED)
      .send({ ...BUY, balance_percentage: 0.11 })
      .expect(503);
    expect(refused.body.error).toMatch(/request weight .* is used up: nothing sent/);
    expect((await signalRow(t.db.url, refused.body.id)).errorCode).toBe('RATE_BUDGET');
    expect(orderRequestsTo(t.fake)).toHaveLength(orders);
    // A bot's paper account sends nothing to Binance: the used-up weight does not stop it.
    const admin = 'Bearer test-admin-token-0123456789';
    const paper = await t.http
      .post('/api/admin/accounts')
      .set('Authorization', admin)
      .send({ name: 'Rehearsal', mode: 'paper' })
      .expect(201);
    const secret = 'paper-bot-secret-0123456';
    await t.http
      .post('/api/admin/bots')
      .set('Authorization', admin)
      .send({ name: 'Paper', slug: 'paper', webhook_secret: secret, account_ids: [paper.body.id] })
      .expect(201);
    const rehearsed = await t.http
      .post('/api/bots/paper/webhook')
      .send({ ...BUY, secret })
      .expect(200);
    expect(rehearsed.body.executions[0]).toMatchObject({ account: 'Rehearsal', exchange: { mode: 'paper' } });
    await t.http.post(ADVANCED).send({ symbol: 'BTCUSDT', action: 'close' }).expect(200);
    expect(orderRequestsTo(t.fake)).toHaveLength(orders + 1);
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([]);
  });
});
