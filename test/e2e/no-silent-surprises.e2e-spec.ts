/**
 * What a trader meets when a template is not quite right: every field is used
 * or refused by name, ids that repeat cannot stall a strategy, the duplicate
 * window never swallows a signal that follows another one, balance_percentage
 * 1.0 and "25%" size as written, and every answer says where it traded.
 */
import { positionsOf, orderRequestsTo } from '../support/fake-state';
import { calculationRow, signalRow } from '../support/records';
import { query } from '../support/test-database';
import { createTestApp, createTradingApp, TestApp, TradingTestApp } from '../support/test-app';

const ADVANCED = '/api/binance/advanced-trading-webhook';
const STATE_AWARE = '/api/binance/state-aware-ma-cross-webhook';
const BUY = { symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 };

describe('every field is used, or the trader hears about it', () => {
  let t: TradingTestApp;
  beforeAll(async () => {
    t = await createTradingApp({}, 'fields');
  });
  afterAll(() => t.close());
  beforeEach(() => t.fake.reset());

  it.each([
    [{ levrage: 5 }, 'leverage'],
    [{ margin_mode: 'ISOLATED' }, 'margin_type'],
    [{ balance_percent: 0.1 }, 'balance_percentage'],
    [{ Leverage: 5 }, 'leverage'],
  ])('refuses the typo %j with 422 naming %s, placing no order', async (typo, meant) => {
    const res = await t.http
      .post(ADVANCED)
      .send({ ...BUY, ...typo })
      .expect(422);
    const field = Object.keys(typo)[0];
    expect(res.body.success).toBe(false);
    expect(res.body.error).toContain(`"${field}"`);
    expect(res.body.error).toContain(`"${meant}"`);
    expect(orderRequestsTo(t.fake)).toHaveLength(0);
    expect(await signalRow(t.db.url, res.body.id)).toMatchObject({
      status: 'REJECTED',
      httpStatus: 422,
      errorCode: 'UNKNOWN_FIELD',
    });
  });

  it.each([
    [{ position_size: 1 }, 'position_size'],
    [{ position_side: 'LONG' }, 'position_side'],
    [{ reduce_only: true }, 'reduce_only'],
    [{ price: 49000 }, 'price'],
    [{ time_in_force: 'GTC' }, 'time_in_force'],
    [{ order_type: 'limit' }, 'order_type'],
  ])('refuses %j, which would change the trade, with 422 saying it is not supported', async (extra, field) => {
    const res = await t.http
      .post(ADVANCED)
      .send({ ...BUY, ...extra })
      .expect(422);
    expect(res.body.error).toContain(`"${field}"`);
    expect(res.body.error).toMatch(/not supported/);
    expect(res.body.suggestions.length).toBeGreaterThan(0);
    expect(orderRequestsTo(t.fake)).toHaveLength(0);
    expect(await signalRow(t.db.url, res.body.id)).toMatchObject({
      status: 'REJECTED',
      errorCode: 'UNSUPPORTED_FIELD',
    });
  });

  it('accepts values of those fields that ask for what the service does anyway', async () => {
    const res = await t.http
      .post(ADVANCED)
      .send({ ...BUY, reduce_only: false, order_type: 'MARKET', price: null, stop_loss: null })
      .expect(200);
    // stop_loss is used: empty (a blank TradingView placeholder) it asks for no stop.
    expect(res.body.ignored_fields).toEqual(['order_type', 'price', 'reduce_only']);
    expect(res.body.protection).toBeUndefined();
  });

  it('lists other unknown fields under ignored_fields, in the answer and in the record', async () => {
    const res = await t.http
      .post(ADVANCED)
      .send({ ...BUY, comment: 'golden cross', strategy: 'ma-cross', bar: { time: 1 } })
      .expect(200);
    expect(res.body.ignored_fields).toEqual(['bar', 'comment', 'strategy']);
    const [row] = await query<{ ignoredFields: string[] }>(
      t.db.url,
      'SELECT "ignoredFields" FROM "Signal" WHERE id = $1',
      [res.body.id],
    );
    expect(row.ignoredFields).toEqual(['bar', 'comment', 'strategy']);
    const detail = await t.http
      .get(`/api/admin/signals/${res.body.id}`)
      .set('Authorization', 'Bearer test-admin-token-0123456789')
      .expect(200);
    expect(detail.body).toMatchObject({ ignored_fields: ['bar', 'comment', 'strategy'], exchange: { mode: 'live' } });
    expect(detail.body.calculation).toMatchObject({ taker_fee_rate: '0.0005', fee_capped: false });
    const close = await t.http.post(ADVANCED).send({ symbol: 'BTCUSDT', action: 'close' }).expect(200);
    expect(close.body.ignored_fields).toBeUndefined();
  });

  it('accepts exit as close', async () => {
    await t.http.post(ADVANCED).send(BUY).expect(200);
    const res = await t.http.post(ADVANCED).send({ symbol: 'BTCUSDT', action: 'exit' }).expect(200);
    expect(res.body).toMatchObject({ action: 'close', closed_positions: [{ position_type: 'long' }] });
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([]);
  });
});

describe('duplicates that cannot stall a strategy', () => {
  let t: TradingTestApp;
  beforeAll(async () => {
    t = await createTradingApp({ DEDUP_WINDOW_MS: '60000' }, 'ids');
  });
  afterAll(() => t.close());
  beforeEach(() => t.fake.reset());

  it('refuses a repeated {{strategy.order.id}} with a different body with 409 and advice, recorded', async () => {
    const first = await t.http
      .post(ADVANCED)
      .send({ ...BUY, entry: 50000, id: 'Long' })
      .expect(200);
    expect(first.body.success).toBe(true);
    const retry = await t.http
      .post(ADVANCED)
      .send({ ...BUY, entry: 50000, id: 'Long' })
      .expect(200);
    expect(retry.body).toMatchObject({ duplicate: true, original_id: first.body.id });

    const next = await t.http
      .post(ADVANCED)
      .send({ ...BUY, entry: 50500, id: 'Long' })
      .expect(409);
    expect(next.body.success).toBe(false);
    expect(next.body.error).toContain('"Long"');
    expect(next.body.suggestions.join(' ')).toContain('{{strategy.order.id}}-{{timenow}}');
    expect(orderRequestsTo(t.fake)).toHaveLength(1);
    expect(await signalRow(t.db.url, next.body.id)).toMatchObject({
      status: 'REJECTED',
      httpStatus: 409,
      errorCode: 'ID_REUSED',
    });
  });

  it('never swallows close → buy → close within the window: the second close executes', async () => {
    const close = { symbol: 'ETHUSDT', action: 'close' };
    const buy = { symbol: 'ETHUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 };
    await t.http.post(ADVANCED).send(buy).expect(200);
    const first = await t.http.post(ADVANCED).send(close).expect(200);
    expect(first.body.closed_positions).toHaveLength(1);
    // The buy is another intent between two identical closes, whatever its body.
    await t.http.post(ADVANCED).send(buy).expect(200);
    const second = await t.http.post(ADVANCED).send(close).expect(200);
    expect(second.body.duplicate).toBeUndefined();
    expect(second.body.closed_positions).toHaveLength(1);
    expect(positionsOf(t.fake, 'ETHUSDT')).toEqual([]);
    // A true retry (nothing in between) is still a duplicate.
    const retried = await t.http.post(ADVANCED).send(close).expect(200);
    expect(retried.body).toMatchObject({ duplicate: true, original_id: second.body.id });
  });

  it('counts a signal for the same symbol on the other route as "in between" too', async () => {
    const close = { symbol: 'SOLUSDT', action: 'close' };
    await t.http.post(ADVANCED).send(close).expect(200);
    await t.http
      .post(STATE_AWARE)
      .send({ symbol: 'SOLUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 })
      .expect(200);
    const again = await t.http.post(ADVANCED).send(close).expect(200);
    expect(again.body.closed_positions).toHaveLength(1);
  });
});

describe('sizing that does what it says', () => {
  let t: TradingTestApp;
  beforeAll(async () => {
    t = await createTradingApp({}, 'sizing');
  });
  afterAll(() => t.close());
  beforeEach(() => {
    t.fake.reset('1000');
  });

  it('opens with balance_percentage 1.0: margin plus the opening fee fit the balance, recorded', async () => {
    const res = await t.http
      .post(ADVANCED)
      .send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 1.0, leverage: 10 })
      .expect(200);
    // 1000 / (1/10 + 0.0005) = 9950.24… USDT → 0.199 BTC at 50000 (0.2 would need 1000 margin + 5 fee).
    expect(res.body.trade.quantity).toBe(0.199);
    expect(res.body.calculation_details).toMatchObject({
      taker_fee_rate: 0.0005,
      opening_fee_usdt: 4.975,
      fee_capped: true,
      available_balance_usdt: 1000,
    });
    const calc = await calculationRow(t.db.url, res.body.id);
    expect(calc).toMatchObject({ takerFeeRate: '0.00050000', openingFee: '4.975000000000000000', feeCapped: true });
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([['BOTH', '0.199']]);
  });

  it('reverses with balance_percentage 1.0 (the freed margin pays for the new side)', async () => {
    await t.http
      .post(ADVANCED)
      .send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 1.0, leverage: 10 })
      .expect(200);
    const res = await t.http
      .post(ADVANCED)
      .send({ symbol: 'BTCUSDT', action: 'sell', balance_percentage: 1.0, leverage: 10 })
      .expect(200);
    expect(res.body.trade.opposite_position_closed).toMatch(/Closed long/);
    expect(positionsOf(t.fake, 'BTCUSDT')[0][1]).toMatch(/^-0\.19/);
  });

  it('reads "25%" as 0.25', async () => {
    const res = await t.http
      .post(ADVANCED)
      .send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: '25%', leverage: 10 })
      .expect(200);
    expect(res.body.calculation_details.balance_percentage).toBe(0.25);
    expect(res.body.trade.quantity).toBe(0.05);
  });

  it('refuses a number above 1 with 422 suggesting the fraction', async () => {
    const res = await t.http
      .post(ADVANCED)
      .send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 25, leverage: 10 })
      .expect(422);
    expect(res.body.error).toMatch(/fraction/);
    expect(res.body.suggestions.join(' ')).toContain('0.25');
    expect(orderRequestsTo(t.fake)).toHaveLength(0);
  });
});

describe('the mode is always visible', () => {
  let t: TradingTestApp;
  let paper: TestApp;
  beforeAll(async () => {
    t = await createTradingApp({}, 'modelive');
    paper = await createTestApp({ ADMIN_TOKEN: 'paper-admin-token-0123456789' }, 'modepaper');
  });
  afterAll(async () => {
    await t.close();
    await paper.close();
  });

  it('says live and the exchange host in every webhook answer, health and positions', async () => {
    const host = new URL(t.fake.url).host;
    const venue = { mode: 'live', host };
    const trade = await t.http.post(ADVANCED).send(BUY).expect(200);
    expect(trade.body.exchange).toEqual(venue);
    expect(
      (
        await t.http
          .post(ADVANCED)
          .send({ ...BUY, leverage: 500 })
          .expect(422)
      ).body.exchange,
    ).toEqual(venue);
    expect(
      (await t.http.post(ADVANCED).send({ symbol: 'BTCUSDT', action: 'close' }).expect(200)).body.exchange,
    ).toEqual(venue);
    expect(
      (await t.http.post(STATE_AWARE).send({ symbol: 'BTCUSDT', action: 'close' }).expect(200)).body.exchange,
    ).toEqual(venue);
    const health = await t.http.get('/api/health').expect(200);
    expect(health.body.details.exchange).toMatchObject(venue);
    const positions = await t.http
      .get('/api/admin/positions')
      .set('Authorization', 'Bearer test-admin-token-0123456789')
      .expect(200);
    expect(positions.body.exchange).toEqual(venue);
  });

  it('says paper in paper mode', async () => {
    const res = await paper.http
      .post(ADVANCED)
      .send({ ...BUY, entry: 50000 })
      .expect(200);
    expect(res.body.exchange).toMatchObject({ mode: 'paper' });
    expect((await paper.http.get('/api/health').expect(200)).body.details.exchange).toMatchObject({ mode: 'paper' });
  });
});

describe('admin filters take any symbol form the webhooks take', () => {
  let t: TradingTestApp;
  beforeAll(async () => {
    t = await createTradingApp({}, 'adminsym');
  });
  afterAll(() => t.close());

  it.each(['BINANCE:BTCUSDT.P', 'btc', 'BTCUSDT.P', 'BTC/USDT'])(
    'finds BTCUSDT signals and orders with symbol=%s',
    async (form) => {
      const buy = await t.http.post(ADVANCED).send(BUY).expect(200);
      await signalRow(t.db.url, buy.body.id);
      const auth = { Authorization: 'Bearer test-admin-token-0123456789' };
      const signals = await t.http.get('/api/admin/signals').query({ symbol: form }).set(auth).expect(200);
      expect(signals.body.items.map((s: { id: string }) => s.id)).toContain(buy.body.id);
      const orders = await t.http.get('/api/admin/orders').query({ symbol: form }).set(auth).expect(200);
      expect(orders.body.items.length).toBeGreaterThan(0);
    },
  );
});
