/**
 * The short critical path: reads in parallel, settings only when they differ,
 * one request per reversal, close orders and cancel in parallel, and caches
 * that cannot go stale unnoticed (changes made on the exchange behind our back).
 */
import { RecordedRequest } from '../fake-binance/fake-binance-server';
import { positionsOf } from '../support/fake-state';
import { createTradingApp, TradingTestApp } from '../support/test-app';

const ADVANCED = '/api/binance/advanced-trading-webhook';
const L = 120;

describe('critical path', () => {
  let t: TradingTestApp;
  beforeAll(async () => {
    t = await createTradingApp({}, 'critical');
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    t.fake.reset();
    // Warm: leverage 5 and ISOLATED already set, position mode known.
    await t.http
      .post(ADVANCED)
      .send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.01, leverage: 5 })
      .expect(200);
    t.fake.engine.positions.clear();
    t.fake.requests = [];
  });

  const exchangeRequests = () => t.fake.requests.filter((r) => !r.path.startsWith('/__control'));
  const at = (r: RecordedRequest) => r.receivedAt;

  it('opens from flat in two round trips: the reads together, then the order', async () => {
    t.fake.latencyMs = L;
    await t.http
      .post(ADVANCED)
      .send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 })
      .expect(200);
    const requests = exchangeRequests();
    const order = requests.find((r) => r.path === '/fapi/v1/order')!;
    const reads = requests.filter((r) => r !== order);
    // The conditional orders are listed with the reads: a reversal cancels them without another round trip.
    expect(reads.map((r) => r.path).sort()).toEqual([
      '/fapi/v1/openAlgoOrders',
      '/fapi/v1/ticker/price',
      '/fapi/v2/balance',
      '/fapi/v2/positionRisk',
    ]);
    const spread = Math.max(...reads.map(at)) - Math.min(...reads.map(at));
    // Structure, not speed (speed is npm run bench): the reads leave together, the order after their answers.
    expect(spread).toBeLessThan(L);
    expect(at(order) - Math.max(...reads.map(at))).toBeGreaterThanOrEqual(L - 5);
    expect(requests).toHaveLength(5);
  });

  it('reverses with one order request', async () => {
    await t.http
      .post(ADVANCED)
      .send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 })
      .expect(200);
    t.fake.requests = [];
    await t.http
      .post(ADVANCED)
      .send({ symbol: 'BTCUSDT', action: 'sell', balance_percentage: 0.1, leverage: 5 })
      .expect(200);
    expect(
      exchangeRequests()
        .filter((r) => r.method === 'POST')
        .map((r) => r.path),
    ).toEqual(['/fapi/v1/order']);
  });

  it('closes with the closing order and the cancel sent together', async () => {
    await t.http
      .post(ADVANCED)
      .send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 })
      .expect(200);
    t.fake.engine.newOrder({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'LIMIT',
      quantity: '0.01',
      price: '70000',
      timeInForce: 'GTC',
    });
    t.fake.latencyMs = L;
    t.fake.requests = [];
    await t.http.post(ADVANCED).send({ symbol: 'BTCUSDT', action: 'close' }).expect(200);
    const requests = exchangeRequests();
    const order = requests.find((r) => r.path === '/fapi/v1/order')!;
    const cancel = requests.find((r) => r.path === '/fapi/v1/allOpenOrders')!;
    expect(Math.abs(at(order) - at(cancel))).toBeLessThan(L);
    const reads = requests.filter((r) => r.method === 'GET');
    const readPaths = reads.map((r) => r.path).sort();
    expect(readPaths).toEqual(['/fapi/v1/openAlgoOrders', '/fapi/v1/openOrders', '/fapi/v2/positionRisk']);
    expect(Math.max(...reads.map(at)) - Math.min(...reads.map(at))).toBeLessThan(L);
  });

  it('sets the leverage again when it was changed on the exchange behind our back', async () => {
    t.fake.engine.settings.set('BTCUSDT', { leverage: 17, marginType: 'ISOLATED' });
    const res = await t.http
      .post(ADVANCED)
      .send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 })
      .expect(200);
    expect(exchangeRequests().map((r) => r.path)).toContain('/fapi/v1/leverage');
    expect(t.fake.engine.setting('BTCUSDT').leverage).toBe(5);
    expect(res.body.trade.leverage).toBe(5);
  });

  it('sets the margin type again when it was changed behind our back', async () => {
    t.fake.engine.settings.set('BTCUSDT', { leverage: 5, marginType: 'CROSSED' });
    await t.http
      .post(ADVANCED)
      .send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 })
      .expect(200);
    expect(t.fake.engine.setting('BTCUSDT').marginType).toBe('ISOLATED');
  });

  it('trades with the right position side when the position mode was changed behind our back', async () => {
    t.fake.engine.dualSidePosition = true;
    const res = await t.http
      .post(ADVANCED)
      .send({ symbol: 'BTCUSDT', action: 'sell', balance_percentage: 0.1, leverage: 5 })
      .expect(200);
    expect(res.body.success).toBe(true);
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([['SHORT', `-${res.body.trade.quantity.toFixed(3)}`]]);
    t.fake.engine.positions.clear();
    t.fake.engine.dualSidePosition = false;
    const back = await t.http
      .post(ADVANCED)
      .send({ symbol: 'BTCUSDT', action: 'sell', balance_percentage: 0.1, leverage: 5 })
      .expect(200);
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([['BOTH', `-${back.body.trade.quantity.toFixed(3)}`]]);
  });
});
