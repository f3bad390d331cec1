/**
 * Orders whose answer is lost, through the whole service. The fake Binance
 * accepts the order, loses the answer (timeout, dropped connection, 408, 5xx,
 * -1000) and executes it later: after the client gave up and after its first
 * lookup by client order id. Binance accepts a filled MARKET order's client
 * id again, so a hasty re-send fills twice. Each flow (open, reversal, close)
 * must end with exactly the intended orders on the account, and the records
 * must match the account.
 */
import { recordChaosFigures } from '../support/chaos-figures';
import { control } from '../support/exchange-harness';
import { orderRequestsTo, positionsOf } from '../support/fake-state';
import { orderRows, signalRow } from '../support/records';
import { createTradingApp, TradingTestApp } from '../support/test-app';

const ADVANCED = '/api/binance/advanced-trading-webhook';
const BUY = { symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 };
const SELL = { ...BUY, action: 'sell' };
const CLOSE = { symbol: 'BTCUSDT', action: 'close' };
const ORDER_RECV_WINDOW_MS = 1000;
/** Lose the answer of the next order placement, and execute the order after the first lookup. */
const lostThenExecuted = (answer: Record<string, unknown>, path = '/fapi/v1/order') => ({
  path,
  method: 'POST',
  count: 1,
  executeAfterMs: 0,
  ...answer,
});

describe('orders whose answer is lost and that execute later', () => {
  let t: TradingTestApp;
  let duplicateOrders = 0;
  let recordsMissing = 0;
  let signalIds: string[] = [];
  /** Orders each test means to place, checked against the account after it. */
  let intended = 0;

  beforeAll(async () => {
    t = await createTradingApp(
      { BINANCE_TIMEOUT_MS: '400', BINANCE_ORDER_RECV_WINDOW_MS: String(ORDER_RECV_WINDOW_MS) },
      'unknown-outcome',
    );
  });
  afterAll(async () => {
    recordChaosFigures('unknown-outcome-faults', { duplicateOrders, recordsMissing });
    await t.close();
  });
  beforeEach(() => {
    t.fake.reset();
    signalIds = [];
    intended = 0;
  });
  afterEach(async () => {
    const filled = filledOnAccount();
    duplicateOrders += Math.max(0, filled.length - intended);
    const recorded = new Set(
      (await Promise.all(signalIds.map((id) => orderRows(t.db.url, id)))).flat().map((o) => o.clientOrderId),
    );
    recordsMissing += filled.filter(([, clientOrderId]) => !recorded.has(clientOrderId)).length;
  });

  const send = async (body: object, status = 200) => {
    const res = await t.http.post(ADVANCED).send(body).expect(status);
    signalIds.push(res.body.id);
    return res;
  };
  const filledOnAccount = () =>
    [...t.fake.engine.orders.values()]
      .filter((o) => o.status === 'FILLED')
      .map((o) => [String(o.orderId), o.clientOrderId])
      .sort();
  const recordedFills = async () =>
    (await Promise.all(signalIds.map((id) => orderRows(t.db.url, id))))
      .flat()
      .filter((o) => o.status === 'FILLED')
      .map((o) => [o.exchangeOrderId!, o.clientOrderId])
      .sort();
  /** Waits past any deferred execution, then compares the account with the records. */
  const expectAccountMatchesRecords = async (orders: number) => {
    await new Promise((resolve) => setTimeout(resolve, ORDER_RECV_WINDOW_MS + 100));
    intended = orders;
    expect(filledOnAccount()).toHaveLength(orders);
    expect(await recordedFills()).toEqual(filledOnAccount());
  };

  it('open: a timed-out order that executes after the first lookup is found, never sent twice', async () => {
    await control(t.fake, 'fail', lostThenExecuted({ timeout: true }));
    const res = await send(BUY);
    expect(orderRequestsTo(t.fake)).toHaveLength(1);
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([['BOTH', '0.100']]);
    const [order] = await orderRows(t.db.url, res.body.id);
    expect(order).toMatchObject({ status: 'FILLED', clientOrderId: `tvb_${res.body.id}_op` });
    expect((order as unknown as { note: string }).note).toMatch(
      /^Answer lost \(no answer within 400 ms\); found on the exchange by its client order id \(lookup \d+\)$/,
    );
    expect((await signalRow(t.db.url, res.body.id)).status).toBe('EXECUTED');
    const detail = await t.http
      .get(`/api/admin/signals/${res.body.id}`)
      .set('Authorization', 'Bearer test-admin-token-0123456789');
    expect(detail.body.orders[0].note).toMatch(/^Answer lost .* found on the exchange by its client order id/);
    await expectAccountMatchesRecords(1);
  });

  it('reversal: a 502 whose order executes later is found, and the position is reversed once', async () => {
    await send(SELL);
    await control(t.fake, 'fail', lostThenExecuted({ status: 502 }));
    const res = await send(BUY);
    expect(res.body.trade.opposite_position_closed).toBe('Closed short position of 0.1');
    expect(orderRequestsTo(t.fake)).toHaveLength(2);
    const held = positionsOf(t.fake, 'BTCUSDT');
    expect(held).toHaveLength(1);
    expect(held[0][0]).toBe('BOTH');
    expect(Number(held[0][1])).toBeGreaterThan(0);
    const [order] = await orderRows(t.db.url, res.body.id);
    expect(order).toMatchObject({ purpose: 'REVERSAL', status: 'FILLED' });
    await expectAccountMatchesRecords(2);
  });

  it('close: a dropped connection whose close executes later ends flat, with one close order', async () => {
    await send(BUY);
    await control(t.fake, 'fail', lostThenExecuted({ drop: true }));
    const res = await send(CLOSE);
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([]);
    expect(orderRequestsTo(t.fake)).toHaveLength(2);
    const [order] = await orderRows(t.db.url, res.body.id);
    expect(order).toMatchObject({ purpose: 'CLOSE_LONG', status: 'FILLED' });
    await expectAccountMatchesRecords(2);
  });

  it('an HTTP 408 is an unknown outcome: the order is looked up and found, not reported as failed', async () => {
    await control(t.fake, 'fail', lostThenExecuted({ status: 408 }));
    const res = await send(BUY);
    expect(res.body.success).toBe(true);
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([['BOTH', '0.100']]);
    await expectAccountMatchesRecords(1);
  });

  it('-1000 (execution status unknown) on a JSON answer is an unknown outcome too', async () => {
    await control(t.fake, 'fail', lostThenExecuted({ status: 500, code: -1000 }));
    await send(BUY);
    expect(orderRequestsTo(t.fake)).toHaveLength(1);
    await expectAccountMatchesRecords(1);
  });

  it('hedge mode: a reversal batch whose answer is lost is found item by item, nothing sent twice', async () => {
    t.fake.engine.dualSidePosition = true;
    await send(SELL);
    await control(t.fake, 'fail', lostThenExecuted({ timeout: true }, '/fapi/v1/batchOrders'));
    const res = await send(BUY);
    expect(positionsOf(t.fake, 'BTCUSDT').map(([side]) => side)).toEqual(['LONG']);
    expect(t.fake.requests.filter((r) => r.path === '/fapi/v1/batchOrders')).toHaveLength(1);
    expect(orderRequestsTo(t.fake)).toHaveLength(1);
    const orders = await orderRows(t.db.url, res.body.id);
    expect(orders.map((o) => [o.purpose, o.status])).toEqual([
      ['CLOSE_OPPOSITE', 'FILLED'],
      ['OPEN', 'FILLED'],
    ]);
    await expectAccountMatchesRecords(3);
  });

  it('an order that never executed is sent again only once its recvWindow has passed', async () => {
    await control(t.fake, 'fail', { path: '/fapi/v1/order', method: 'POST', count: 1, timeout: true });
    const res = await send(BUY);
    const posts = t.fake.requests.filter((r) => r.path === '/fapi/v1/order' && r.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts[1].params.newClientOrderId).toBe(posts[0].params.newClientOrderId);
    // The original could execute until its timestamp + recvWindow: the re-send comes after that.
    expect(posts[1].receivedAt).toBeGreaterThan(Number(posts[0].params.timestamp) + Number(posts[0].params.recvWindow));
    expect(posts[0].params.recvWindow).toBe(String(ORDER_RECV_WINDOW_MS));
    const lookups = t.fake.requests.filter((r) => r.path === '/fapi/v1/order' && r.method === 'GET');
    expect(lookups.length).toBeGreaterThanOrEqual(2);
    const [order] = await orderRows(t.db.url, res.body.id);
    expect(order.status).toBe('FILLED');
    expect((order as unknown as { note: string }).note).toMatch(
      /not on the exchange once its recvWindow had passed \(\d+ lookups\): sent again$/,
    );
    await expectAccountMatchesRecords(1);
  });

  it('when no lookup can tell, the signal fails as "outcome unknown, check the position"', async () => {
    await control(t.fake, 'fail', lostThenExecuted({ timeout: true }));
    await control(t.fake, 'fail', { path: '/fapi/v1/order', method: 'GET', count: 100, status: 503 });
    const res = await send(BUY, 503);
    expect(res.body.error).toMatch(/outcome unknown, check the position/);
    expect(res.body.suggestions[0]).toMatch(/Check the position/);
    expect(orderRequestsTo(t.fake)).toHaveLength(1);
    const [order] = await orderRows(t.db.url, res.body.id);
    expect(order.status).toBe('UNKNOWN');
    expect((order as unknown as { note: string }).note).toMatch(
      /outcome unknown after \d+ lookups \(lookups failed: .*\): not sent again$/,
    );
    const signal = await signalRow(t.db.url, res.body.id);
    expect(signal).toMatchObject({ status: 'FAILED', httpStatus: 503 });
    // Its replay could trade a second time: refused, naming the order.
    const replay = await t.http
      .post(`/api/admin/signals/${res.body.id}/replay`)
      .set('Authorization', 'Bearer test-admin-token-0123456789')
      .expect(409);
    expect(replay.body.message).toContain(`order tvb_${res.body.id}_op is unknown (its answer was lost`);
    expect(orderRequestsTo(t.fake)).toHaveLength(1);
    // Nobody could look it up, so it executes near the end of its recvWindow, as it may on Binance
    // (or, with timers running late, expires): its record says UNKNOWN, never FAILED.
    await new Promise((resolve) => setTimeout(resolve, ORDER_RECV_WINDOW_MS + 100));
    const fate = t.fake.requests.find((r) => r.path === '/fapi/v1/order' && r.method === 'POST')?.deferred;
    expect(fate).toMatch(/^(executed|expired)/);
    intended = fate === 'executed' ? 1 : 0;
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual(fate === 'executed' ? [['BOTH', '0.100']] : []);
  });

  it('a request that times out is cancelled, not left in flight', async () => {
    await control(t.fake, 'fail', { path: '/fapi/v2/balance', count: 1, timeout: true });
    const res = await send(BUY, 503);
    expect(res.body.error).toMatch(/no answer within 400 ms/);
    // The fake holds the request open forever: only the client giving up closes it.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(t.fake.heldRequests()).toBe(0);
  });
});
