/**
 * Partial exits and target-position alerts end to end, in both position modes:
 * HTTP → validation → the plan → binance-api-node → fake Binance, with the
 * account and the Postgres rows asserted. Alerts carry distinct ids, as a
 * template with {{timenow}} would, so the duplicate check does not hide what
 * the target logic does with a repeated intent.
 */
import { positionsOf } from '../support/fake-state';
import { orderRows, signalRow } from '../support/records';
import { createTradingApp, TradingTestApp } from '../support/test-app';
import { query } from '../support/test-database';

const ADVANCED = '/api/binance/advanced-trading-webhook';
const STATE_AWARE = '/api/binance/state-aware-ma-cross-webhook';

describe.each([
  ['one-way', false],
  ['hedge', true],
] as const)('partial exits and target positions (%s mode)', (mode, hedge) => {
  let t: TradingTestApp;
  let n = 0;
  beforeAll(async () => {
    t = await createTradingApp({}, `target-${mode}`);
  });
  afterAll(() => t.close());
  beforeEach(() => {
    t.fake.reset();
    t.fake.engine.dualSidePosition = hedge;
  });

  const side = (direction: 'LONG' | 'SHORT') => (hedge ? direction : 'BOTH');
  const send = (body: Record<string, unknown>, path = ADVANCED) =>
    t.http.post(path).send({ id: `alert-${mode}-${++n}`, ...body });
  const hold = (direction: 'LONG' | 'SHORT', quantity: string, symbol = 'ETHUSDT') =>
    t.fake.engine.newOrder({
      symbol,
      side: direction === 'LONG' ? 'BUY' : 'SELL',
      positionSide: side(direction),
      type: 'MARKET',
      quantity,
    });
  const held = (symbol = 'ETHUSDT') => positionsOf(t.fake, symbol);
  const orderCalls = () =>
    t.fake.requests.filter((r) => r.method === 'POST' && /\/fapi\/v1\/(order|batchOrders)$/.test(r.path));

  it('a 50% close of 1.0 ETH leaves 0.5, with a reduce-only (or position-side) order', async () => {
    hold('LONG', '1.0');
    const res = await send({ symbol: 'ETHUSDT', action: 'close', close_percentage: 50 }).expect(200);
    expect(held()).toEqual([[side('LONG'), '0.500']]);
    expect(res.body).toMatchObject({
      success: true,
      action: 'close',
      close_requested: '50%',
      closed_all: false,
      positions: [{ position_type: 'long', held: 1, closed: 0.5, remaining: 0.5 }],
      closed_positions: [{ quantity: 0.5, side: 'SELL', position_type: 'long' }],
    });
    expect(res.body.message).toBe('Closed 50% on ETHUSDT: long 0.5 of 1, 0.5 left');
    const orders = await orderRows(t.db.url, res.body.id);
    expect(orders.map((o) => [o.purpose, o.side, o.positionSide, o.reduceOnly, o.quantity])).toEqual([
      ['REDUCE_LONG', 'SELL', side('LONG'), !hedge, '0.500000000000000000'],
    ]);
    await signalRow(t.db.url, res.body.id); // the outcome is written just after the answer
    const row = await query<{ action: string; closePercentage: string; status: string }>(
      t.db.url,
      'SELECT action, "closePercentage", status FROM "Signal" WHERE id = $1',
      [res.body.id],
    );
    expect(row[0]).toEqual({ action: 'CLOSE', closePercentage: '50.000000000000000000', status: 'EXECUTED' });
  });

  it('a 30% close that would leave dust closes all of it and says so', async () => {
    // 0.01 ETH at 2500: 30% is 0.003, leaving 0.007 ETH = 17.5 USDT, under the 20 USDT minimum notional.
    hold('LONG', '0.01');
    const res = await send({ symbol: 'ETHUSDT', action: 'close', close_percentage: '30%' }).expect(200);
    expect(held()).toEqual([]);
    expect(res.body).toMatchObject({ success: true, closed_all: true, positions: [{ closed: 0.01, remaining: 0 }] });
    expect(res.body.message).toMatch(/closing 30% would leave 0\.007 ETH, worth 17\.5 USDT.*closed it all instead/);
    expect(res.body.positions[0].closed_all_because).toMatch(/closed it all instead/);
    expect((await signalRow(t.db.url, res.body.id)).note).toMatch(/closed it all instead/);
    expect((await orderRows(t.db.url, res.body.id)).map((o) => o.purpose)).toEqual(['CLOSE_LONG']);
  });

  it('refuses a close below the minimum quantity with the smallest passing percentage, sending nothing', async () => {
    hold('SHORT', '5', 'SOLUSDT');
    t.fake.requests = [];
    // 10% of 5 SOL is 0.5, 0 after rounding down to the step of 1 SOL (also the minimum).
    const res = await send({ symbol: 'SOLUSDT', action: 'close', close_percentage: 10 }).expect(422);
    expect(res.body.success).toBe(false);
    expect(res.body.error).toMatch(/the smallest close_percentage that passes is 20: nothing was sent/);
    expect(res.body.suggestions).toContain('Use close_percentage 20 or more');
    expect(orderCalls()).toHaveLength(0);
    expect(held('SOLUSDT')).toEqual([[side('SHORT'), '-5']]);
    expect(await signalRow(t.db.url, res.body.id)).toMatchObject({
      status: 'REJECTED',
      errorCode: 'PARTIAL_CLOSE_REFUSED',
    });
  });

  it('closes a close_quantity from a short, rounded down to the step', async () => {
    hold('SHORT', '0.5');
    const res = await send({ symbol: 'ETHUSDT', action: 'close', close_quantity: '0.2009' }).expect(200);
    expect(held()).toEqual([[side('SHORT'), '-0.300']]);
    expect(res.body.positions).toEqual([{ position_type: 'short', held: 0.5, closed: 0.2, remaining: 0.3 }]);
  });

  it('resizes quantity-based protection orders to what remains; closePosition ones stay', async () => {
    hold('LONG', '1.0');
    const stop = t.fake.engine.newAlgoOrder({
      algoType: 'CONDITIONAL',
      symbol: 'ETHUSDT',
      side: 'SELL',
      positionSide: side('LONG'),
      type: 'STOP_MARKET',
      quantity: '1.0',
      triggerPrice: '2000',
      workingType: 'MARK_PRICE',
      ...(hedge ? {} : { reduceOnly: 'true' }),
    }) as { algoId: number };
    const takeProfit = t.fake.engine.newAlgoOrder({
      algoType: 'CONDITIONAL',
      symbol: 'ETHUSDT',
      side: 'SELL',
      positionSide: side('LONG'),
      type: 'TAKE_PROFIT_MARKET',
      closePosition: 'true',
      triggerPrice: '3000',
    }) as { algoId: number };
    const res = await send({ symbol: 'ETHUSDT', action: 'close', close_percentage: 50 }).expect(200);
    const open = t.fake.engine.openAlgoOrders({ symbol: 'ETHUSDT' }) as Array<Record<string, unknown>>;
    const summary = open.map((o) => [o.orderType, o.quantity, o.triggerPrice, o.closePosition, o.workingType]).sort();
    expect(summary).toEqual([
      ['STOP_MARKET', '0.500', '2000.00', false, 'MARK_PRICE'],
      ['TAKE_PROFIT_MARKET', '0.000', '3000.00', true, 'CONTRACT_PRICE'],
    ]);
    expect(open.map((o) => String(o.algoId))).toContain(String(takeProfit.algoId));
    expect(open.map((o) => String(o.algoId))).not.toContain(String(stop.algoId));
    expect(res.body.resized_algo_orders).toEqual([
      expect.objectContaining({
        algo_id: String(stop.algoId),
        type: 'STOP_MARKET',
        from_quantity: 1,
        to_quantity: 0.5,
      }),
    ]);
    expect(res.body.cancelled_algo_orders).toEqual([String(stop.algoId)]);
    // The resized stop still protects the rest: the price falls through it and the position is closed.
    t.fake.engine.setPrice('ETHUSDT', '1990');
    expect(held()).toEqual([]);
  });

  it('target long 0.3 from flat: one buy; the same target again: skipped, no order', async () => {
    const body = {
      symbol: 'ETHUSDT',
      market_position: 'LONG',
      market_position_size: '0.3',
      prev_market_position: 'flat',
    };
    t.fake.requests = [];
    const first = await send(body).expect(200);
    expect(held()).toEqual([[side('LONG'), '0.300']]);
    expect(orderCalls()).toHaveLength(1);
    expect(first.body).toMatchObject({
      success: true,
      action: 'target',
      market_position: 'long',
      target_quantity: 0.3,
      position_before: 'flat',
    });
    expect(first.body.orders).toEqual([
      expect.objectContaining({ purpose: 'open', side: 'BUY', position_side: side('LONG'), quantity: 0.3 }),
    ]);
    await signalRow(t.db.url, first.body.id); // the outcome is written just after the answer
    const row = await query<Record<string, unknown>>(
      t.db.url,
      'SELECT action, "targetPosition", "targetQuantity", "prevMarketPosition", status FROM "Signal" WHERE id = $1',
      [first.body.id],
    );
    expect(row[0]).toEqual({
      action: 'TARGET',
      targetPosition: 'LONG',
      targetQuantity: '0.300000000000000000',
      prevMarketPosition: 'FLAT',
      status: 'EXECUTED',
    });
    const detail = await t.http
      .get(`/api/admin/signals/${first.body.id}`)
      .set('Authorization', 'Bearer test-admin-token-0123456789')
      .expect(200);
    expect(detail.body).toMatchObject({
      action: 'target',
      target: { market_position: 'long', market_position_size: '0.3', prev_market_position: 'flat' },
    });
    const listed = await t.http
      .get('/api/admin/signals?action=target')
      .set('Authorization', 'Bearer test-admin-token-0123456789')
      .expect(200);
    expect(listed.body.items.map((i: { id: string }) => i.id)).toContain(first.body.id);

    t.fake.requests = [];
    const again = await send(body).expect(200);
    expect(again.body).toMatchObject({ success: true, skipped: true, action: 'target', orders: [] });
    expect(again.body.message).toMatch(/Already long 0\.3 ETH on ETHUSDT: nothing to do/);
    expect(orderCalls()).toHaveLength(0);
    expect(held()).toEqual([[side('LONG'), '0.300']]);
    expect(await signalRow(t.db.url, again.body.id)).toMatchObject({ status: 'SKIPPED', action: 'TARGET' });
  });

  it('target long 0.1 from long 0.3: a reduce-only sell of 0.2', async () => {
    hold('LONG', '0.3');
    const res = await send({ symbol: 'ETHUSDT', market_position: 'long', market_position_size: 0.1 }).expect(200);
    expect(held()).toEqual([[side('LONG'), '0.100']]);
    const orders = await orderRows(t.db.url, res.body.id);
    expect(orders.map((o) => [o.purpose, o.side, o.positionSide, o.reduceOnly, o.quantity])).toEqual([
      ['REDUCE_LONG', 'SELL', side('LONG'), !hedge, '0.200000000000000000'],
    ]);
  });

  it('target short 0.2 from long 0.3: ends short 0.2', async () => {
    hold('LONG', '0.3');
    // The account's margin type (cross), so no margin type change stands between the close and the open.
    const alert = { symbol: 'ETHUSDT', market_position: 'Short', market_position_size: 0.2, margin_type: 'CROSSED' };
    const res = await send(alert).expect(200);
    expect(held()).toEqual([[side('SHORT'), '-0.200']]);
    const orders = await orderRows(t.db.url, res.body.id);
    const shape = orders.map((o) => [o.purpose, o.side, o.positionSide, o.quantity.replace(/0+$/, '')]);
    // One-way: one order flips the position; hedge: close the long, then open the short.
    expect(shape).toEqual(
      hedge
        ? [
            ['CLOSE_LONG', 'SELL', 'LONG', '0.3'],
            ['OPEN', 'SELL', 'SHORT', '0.2'],
          ]
        : [['REVERSAL', 'SELL', 'BOTH', '0.5']],
    );
  });

  it('a reversal that changes the margin type closes, changes it, then opens', async () => {
    hold('SHORT', '0.3');
    t.fake.requests = [];
    await send({
      symbol: 'ETHUSDT',
      market_position: 'long',
      market_position_size: 0.2,
      margin_type: 'ISOLATED',
    }).expect(200);
    expect(held()).toEqual([[side('LONG'), '0.200']]);
    const calls = t.fake.requests
      .filter((r) => r.method === 'POST' && r.path !== '/fapi/v1/leverage')
      .map((r) => `${r.path.replace('/fapi/v1/', '')} ${r.params.side ?? r.params.marginType}`);
    expect(calls).toEqual(['order BUY', 'marginType ISOLATED', 'order BUY']);
  });

  it('target flat: closed', async () => {
    hold('SHORT', '0.4');
    const res = await send({ symbol: 'ETHUSDT', market_position: 'flat', market_position_size: 0 }).expect(200);
    expect(held()).toEqual([]);
    expect(res.body.message).toBe('Target position reached on ETHUSDT: flat (was short 0.4 ETH)');
    const again = await send({ symbol: 'ETHUSDT', market_position: 'flat' }, STATE_AWARE).expect(200);
    expect(again.body.skipped).toBe(true);
  });

  it('sizes the target from balance_percentage and leverage as buy/sell would', async () => {
    // 10000 × 0.1 × 5 / 2500 = 2 ETH
    const res = await send({ symbol: 'ETHUSDT', market_position: 'long', balance_percentage: 0.1, leverage: 5 }).expect(
      200,
    );
    expect(held()).toEqual([[side('LONG'), '2.000']]);
    expect(res.body.calculation_details).toMatchObject({ quantity: 2, leverage: 5, balance_percentage: 0.1 });
  });

  it('refuses a target whose difference is too small to trade, sending nothing', async () => {
    hold('LONG', '0.3');
    t.fake.requests = [];
    // Adding 0.001 ETH is 2.5 USDT: under the 20 USDT minimum notional.
    const res = await send({ symbol: 'ETHUSDT', market_position: 'long', market_position_size: '0.301' }).expect(422);
    expect(res.body.error).toMatch(/worth 2\.5 USDT at 2500: below the minimum notional 20 USDT: nothing was sent/);
    expect(orderCalls()).toHaveLength(0);
    expect(await signalRow(t.db.url, res.body.id)).toMatchObject({ status: 'REJECTED', errorCode: 'TARGET_REFUSED' });
  });

  it('alerts of a sequence delivered out of order end at the last delivered target', async () => {
    t.fake.latencyMs = 15;
    const sequence = [
      { symbol: 'ETHUSDT', market_position: 'long', market_position_size: 0.3 },
      { symbol: 'ETHUSDT', market_position: 'short', market_position_size: 0.2 },
      { symbol: 'ETHUSDT', market_position: 'long', market_position_size: 0.1 },
    ];
    // Delivered 3rd, 1st, 2nd, each a few ms after the other while the previous ones still run.
    const answers = [];
    for (const alert of [sequence[2], sequence[0], sequence[1]]) {
      answers.push(send(alert).then((r) => r));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const results = await Promise.all(answers);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(held()).toEqual([[side('SHORT'), '-0.200']]);
    // Then the late first alert again: only the difference is traded.
    await send(sequence[0]).expect(200);
    expect(held()).toEqual([[side('LONG'), '0.300']]);
  });
});

describe('partial exit and target fields: refusals before any order', () => {
  let t: TradingTestApp;
  beforeAll(async () => {
    t = await createTradingApp({}, 'target-fields');
  });
  afterAll(() => t.close());

  it.each([
    [{ action: 'close', close_percentage: 0 }, /close_percentage must be a number greater than 0/],
    [{ action: 'close', close_percentage: 150 }, /close_percentage must be a percentage above 0 and at most 100/],
    [{ action: 'close', close_quantity: -1 }, /close_quantity must be a number greater than 0/],
    [{ action: 'close', close_percentage: 50, close_quantity: 1 }, /either close_percentage or close_quantity/],
    [{ action: 'buy', balance_percentage: 0.1, leverage: 5, close_percentage: 50 }, /only apply to "action": "close"/],
    [{ action: 'buy', market_position: 'long', market_position_size: 1 }, /either action or market_position/],
    [{ market_position: 'sideways', market_position_size: 1 }, /market_position must be long, short or flat/],
    [{ market_position: 'long' }, /balance_percentage must be a number from 0.01 to 1.0/],
    [{ market_position: 'long', market_position_size: 0 }, /use "flat" to close/],
    [{ market_position: 'flat', market_position_size: 2 }, /a flat target has size 0/],
    [{ market_position: 'long', market_position_size: 1, balance_percentage: 0.1 }, /either market_position_size or/],
    [{ market_position: 'long', market_position_size: 1, prev_market_position: 'up' }, /prev_market_position must be/],
  ])('%j → 422', async (fields, message) => {
    t.fake.requests = [];
    const res = await t.http
      .post(ADVANCED)
      .send({ symbol: 'ETHUSDT', ...fields })
      .expect(422);
    expect(res.body.error).toMatch(message);
    expect(t.fake.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
    expect(await signalRow(t.db.url, res.body.id)).toMatchObject({ status: 'REJECTED' });
  });
});
