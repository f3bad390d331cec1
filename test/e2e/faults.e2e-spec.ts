/**
 * Exchange faults through the whole service, injected with /__control/fail:
 * an order whose answer is lost is looked up by its client order id and only
 * re-sent when the exchange never got it; reads are retried; a 429 pauses
 * the account's requests and they resume after.
 */
import { recordChaosFigures } from '../support/chaos-figures';
import { control } from '../support/exchange-harness';
import { orderRequestsTo, positionsOf } from '../support/fake-state';
import { orderRows, signalRow } from '../support/records';
import { createTradingApp, TradingTestApp } from '../support/test-app';

const ADVANCED = '/api/binance/advanced-trading-webhook';
const BUY = { symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 };

describe('exchange faults', () => {
  let t: TradingTestApp;
  beforeAll(async () => {
    t = await createTradingApp({ BINANCE_TIMEOUT_MS: '400', EXCHANGE_PAUSE_MAX_MS: '600' }, 'faults');
  });
  let duplicateOrders = 0;
  afterAll(async () => {
    recordChaosFigures('exchange-faults', { duplicateOrders });
    await t.close();
  });
  afterEach(() => {
    // Every fault test places one intended order: any further fill is a duplicate.
    const fills = [...t.fake.engine.orders.values()].filter((o) => o.status === 'FILLED').length;
    duplicateOrders += Math.max(0, fills - 1);
  });
  beforeEach(async () => {
    t.fake.reset();
    await new Promise((resolve) => setTimeout(resolve, 650)); // let any pause from a previous test end
  });

  it('an order that timed out but did fill is found by its client order id: no second order', async () => {
    await control(t.fake, 'fail', { path: '/fapi/v1/order', method: 'POST', count: 1, timeout: true, execute: true });
    const res = await t.http.post(ADVANCED).send(BUY).expect(200);
    expect(orderRequestsTo(t.fake)).toHaveLength(1);
    expect(t.fake.requests.filter((r) => r.path === '/fapi/v1/order' && r.method === 'GET')).toHaveLength(1);
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([['BOTH', '0.100']]);
    const [order] = await orderRows(t.db.url, res.body.id);
    expect(order).toMatchObject({ status: 'FILLED', clientOrderId: `tvb_${res.body.id}_op` });
  });

  it('an order that timed out and never arrived is sent again, exactly once', async () => {
    await control(t.fake, 'fail', { path: '/fapi/v1/order', method: 'POST', count: 1, timeout: true });
    const res = await t.http.post(ADVANCED).send(BUY).expect(200);
    const posts = orderRequestsTo(t.fake);
    expect(posts).toHaveLength(2);
    expect(posts[0].newClientOrderId).toBe(posts[1].newClientOrderId);
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([['BOTH', '0.100']]);
    expect((await signalRow(t.db.url, res.body.id)).status).toBe('EXECUTED');
  });

  it('a 5xx on an order that did not execute is looked up, then sent once more', async () => {
    await control(t.fake, 'fail', { path: '/fapi/v1/order', method: 'POST', count: 1, status: 502 });
    await t.http.post(ADVANCED).send(BUY).expect(200);
    expect(orderRequestsTo(t.fake)).toHaveLength(2);
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([['BOTH', '0.100']]);
  });

  it('5xx on reads are retried and the signal goes through', async () => {
    await control(t.fake, 'fail', { path: '/fapi/v2/balance', count: 2, status: 503 });
    await control(t.fake, 'fail', { path: '/fapi/v2/positionRisk', count: 1, status: 500 });
    await t.http.post(ADVANCED).send(BUY).expect(200);
    expect(orderRequestsTo(t.fake)).toHaveLength(1);
  });

  it('a 429 pauses requests to the exchange, which resume after the pause', async () => {
    await control(t.fake, 'fail', { path: '/fapi/v2/balance', count: 1, status: 429 });
    const limited = await t.http.post(ADVANCED).send(BUY).expect(503);
    expect(limited.body.error).toMatch(/Code -1003/);
    const sent = t.fake.requests.length;
    const paused = await t.http
      .post(ADVANCED)
      .send({ ...BUY, balance_percentage: 0.11 })
      .expect(503);
    expect(paused.body.error).toMatch(/paused/);
    expect(t.fake.requests.length).toBe(sent);
    await new Promise((resolve) => setTimeout(resolve, 650));
    await t.http
      .post(ADVANCED)
      .send({ ...BUY, balance_percentage: 0.12 })
      .expect(200);
    const health = await t.http
      .get('/api/health')
      .set('Authorization', 'Bearer test-admin-token-0123456789')
      .expect(200);
    expect(health.body.details.exchange).toHaveProperty('usedWeight1m');
  });
});
