/**
 * The Advanced Trading Webhook end to end: HTTP → validation → sizing →
 * binance-api-node → fake Binance over HTTP, with the Postgres rows asserted.
 */
import { createTradingApp, TradingTestApp } from '../support/test-app';
import { positionsOf } from '../support/fake-state';
import { calculationRow, orderRows, signalRow } from '../support/records';

const ADVANCED = '/api/binance/advanced-trading-webhook';
const ALIAS = '/api/tradingview/binance/advanced-trading-webhook';

describe('advanced trading webhook (one-way mode)', () => {
  let t: TradingTestApp;
  beforeAll(async () => {
    t = await createTradingApp({}, 'trading');
  });
  afterAll(() => t.close());
  beforeEach(() => t.fake.reset());

  const send = (body: unknown, path = ADVANCED) => t.http.post(path).send(body as object);

  it('does the documented worked example: 1000 USDT × 0.25 × 10x at 50000 → 0.05 BTC', async () => {
    t.fake.engine.wallet = t.fake.engine.wallet.mul(0).add(1000);
    const res = await send({
      symbol: 'BTCUSDT',
      action: 'buy',
      balance_percentage: 0.25,
      leverage: 10,
      entry: 50000.0,
    }).expect(200);
    expect(res.body).toMatchObject({
      success: true,
      message: 'Advanced trading order executed: buy 0.05 BTCUSDT',
      trade: {
        symbol: 'BTCUSDT',
        action: 'buy',
        quantity: 0.05,
        leverage: 10,
        entry_price: 50000,
        current_price: 50000,
        opposite_position_closed: 'No opposite position',
        mode: 'auto_quantity',
      },
      calculation_details: {
        account_balance_usdt: 1000,
        balance_percentage: 0.25,
        leverage: 10,
        position_value_usdt: 2500,
        current_price: 50000,
        quantity: 0.05,
        step_size: 0.001,
        min_qty: 0.001,
        max_qty: 120,
        min_notional: 100,
      },
    });
    expect(typeof res.body.trade.main_order_id).toBe('number');
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([['BOTH', '0.050']]);

    const signal = await signalRow(t.db.url, res.body.id);
    expect(signal).toMatchObject({
      status: 'EXECUTED',
      route: 'advanced-trading',
      action: 'BUY',
      symbol: 'BTCUSDT',
      httpStatus: 200,
      errorCode: null,
    });
    expect(signal.latencyMs).toBeGreaterThanOrEqual(0);
    expect(signal.exchangeMs).toBeGreaterThanOrEqual(0);
    const calc = await calculationRow(t.db.url, res.body.id);
    expect(calc).toMatchObject({
      balance: '1000.000000000000000000',
      positionValue: '2500.000000000000000000',
      quantity: '0.050000000000000000',
      price: '50000.000000000000000000',
      stepSize: '0.001000000000000000',
      priceSource: 'exchange',
      balanceSource: 'wallet',
    });
    const orders = await orderRows(t.db.url, res.body.id);
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({
      purpose: 'OPEN',
      side: 'BUY',
      positionSide: 'BOTH',
      status: 'FILLED',
      reduceOnly: false,
      exchangeOrderId: String(res.body.trade.main_order_id),
    });
    expect(orders[0].clientOrderId).toBe(`tvb_${res.body.id}_op`);
    expect(orders[0].request).toMatchObject({ symbol: 'BTCUSDT', quantity: '0.05', type: 'MARKET' });
    expect(orders[0].response).toMatchObject({ status: 'FILLED', executedQty: '0.050' });
  });

  it('runs the usage examples 1–3 in sequence', async () => {
    t.fake.engine.setPrice('BTCUSDT', '43000');
    const one = await send({
      symbol: 'BTCUSDT',
      action: 'buy',
      balance_percentage: 0.1,
      leverage: 5,
      entry: 43000.0,
    }).expect(200);
    // 10000 × 0.10 × 5 / 43000 = 0.11627… → 0.116
    expect(one.body.trade.quantity).toBe(0.116);
    const two = await send({
      symbol: 'ETHUSDT',
      action: 'sell',
      balance_percentage: 0.5,
      leverage: 20,
      entry: 2500.0,
    }).expect(200);
    expect(two.body.trade).toMatchObject({ symbol: 'ETHUSDT', action: 'sell', leverage: 20 });
    expect(positionsOf(t.fake, 'ETHUSDT')[0][1]).toMatch(/^-/);
    const three = await send({
      symbol: 'BTCUSDT',
      action: 'close',
      balance_percentage: 0.25,
      leverage: 10,
      entry: 45000.0,
    }).expect(200);
    expect(three.body).toMatchObject({
      success: true,
      message: 'All positions closed for BTCUSDT',
      symbol: 'BTCUSDT',
      action: 'close',
      cancelled_orders: [],
    });
    expect(three.body.closed_positions).toEqual([
      { quantity: 0.116, order_id: expect.any(Number), side: 'SELL', position_type: 'long', average_price: 43000 },
    ]);
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([]);
    expect(positionsOf(t.fake, 'ETHUSDT')).toHaveLength(1);
    const closeOrders = await orderRows(t.db.url, three.body.id);
    expect(closeOrders).toMatchObject([{ purpose: 'CLOSE_LONG', side: 'SELL', reduceOnly: true, status: 'FILLED' }]);
  });

  it('runs the three curl examples, on both paths', async () => {
    const buy = await send({
      symbol: 'BTCUSDT',
      action: 'buy',
      balance_percentage: 0.1,
      leverage: 5,
      entry: 50000,
    }).expect(200);
    expect(buy.body.trade.quantity).toBe(0.1);
    const sell = await send(
      { symbol: 'ETHUSDT', action: 'sell', balance_percentage: 0.15, leverage: 10, entry: 3000 },
      ALIAS,
    ).expect(200);
    expect(sell.body.trade.symbol).toBe('ETHUSDT');
    const close = await send(
      { symbol: 'BTCUSDT', action: 'close', balance_percentage: 0.25, leverage: 10, entry: 50000 },
      ALIAS,
    ).expect(200);
    expect(close.body.closed_positions).toHaveLength(1);
    for (const id of [buy.body.id, sell.body.id, close.body.id])
      expect((await signalRow(t.db.url, id)).route).toBe('advanced-trading');
  });

  it('sets leverage and margin type only when they differ from the exchange', async () => {
    await send({
      symbol: 'SOLUSDT',
      action: 'buy',
      balance_percentage: 0.1,
      leverage: 3,
      margin_type: 'CROSSED',
    }).expect(200);
    const settingCalls = () =>
      t.fake.requests
        .filter((r) => r.path === '/fapi/v1/leverage' || r.path === '/fapi/v1/marginType')
        .map((r) => r.path);
    // default account: leverage 20, cross → only leverage changes
    expect(settingCalls()).toEqual(['/fapi/v1/leverage']);
    t.fake.requests = [];
    await send({
      symbol: 'SOLUSDT',
      action: 'buy',
      balance_percentage: 0.1,
      leverage: 3,
      margin_type: 'CROSSED',
    }).expect(200);
    expect(settingCalls()).toEqual([]);
    expect(t.fake.engine.setting('SOLUSDT')).toEqual({ leverage: 3, marginType: 'CROSSED' });
  });

  it('reverses long → short in one order, and short → long', async () => {
    const long = await send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 }).expect(200);
    expect(long.body.trade.quantity).toBe(0.1);
    const short = await send({ symbol: 'BTCUSDT', action: 'sell', balance_percentage: 0.2, leverage: 5 }).expect(200);
    expect(short.body.trade.opposite_position_closed).toBe('Closed long position of 0.1');
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([['BOTH', `-${short.body.trade.quantity.toFixed(3)}`]]);
    const reversal = await orderRows(t.db.url, short.body.id);
    expect(reversal).toHaveLength(1);
    expect(reversal[0]).toMatchObject({ purpose: 'REVERSAL', side: 'SELL', reduceOnly: false, status: 'FILLED' });
    expect(Number(reversal[0].quantity)).toBeCloseTo(0.1 + short.body.trade.quantity, 10);

    const back = await send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.05, leverage: 5 }).expect(200);
    expect(back.body.trade.opposite_position_closed).toMatch(/^Closed short position/);
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([['BOTH', back.body.trade.quantity.toFixed(3)]]);
  });

  it('closes the opposite first when the margin type must change (Binance refuses it with a position)', async () => {
    await send({
      symbol: 'ETHUSDT',
      action: 'buy',
      balance_percentage: 0.1,
      leverage: 5,
      margin_type: 'CROSSED',
    }).expect(200);
    const res = await send({
      symbol: 'ETHUSDT',
      action: 'sell',
      balance_percentage: 0.1,
      leverage: 5,
      margin_type: 'ISOLATED',
    }).expect(200);
    const orders = await orderRows(t.db.url, res.body.id);
    expect(orders.map((o) => o.purpose)).toEqual(['CLOSE_OPPOSITE', 'OPEN']);
    expect(t.fake.engine.setting('ETHUSDT').marginType).toBe('ISOLATED');
    expect(positionsOf(t.fake, 'ETHUSDT')[0][1]).toMatch(/^-/);
  });

  it('reports -4048 with its suggestion when the margin type cannot change under an open position', async () => {
    await send({
      symbol: 'ETHUSDT',
      action: 'buy',
      balance_percentage: 0.1,
      leverage: 5,
      margin_type: 'CROSSED',
    }).expect(200);
    const res = await send({
      symbol: 'ETHUSDT',
      action: 'buy',
      balance_percentage: 0.1,
      leverage: 5,
      margin_type: 'ISOLATED',
    }).expect(422);
    expect(res.body).toMatchObject({
      success: false,
      error: 'Binance API error (Code -4048): Margin type cannot be changed if there exists position.',
    });
    expect(res.body.suggestions[0]).toMatch(/Close the position first/);
    expect(await signalRow(t.db.url, res.body.id)).toMatchObject({
      status: 'FAILED',
      errorCode: '-4048',
      httpStatus: 422,
    });
  });

  it('closes and cancels resting orders, returning their ids', async () => {
    await send({ symbol: 'BTCUSDT', action: 'sell', balance_percentage: 0.1, leverage: 5 }).expect(200);
    t.fake.engine.newOrder({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'LIMIT',
      quantity: '0.01',
      price: '60000',
      timeInForce: 'GTC',
      newClientOrderId: 'manual-tp',
    });
    const resting = t.fake.engine.openOrderList('BTCUSDT').map((o) => o.orderId);
    const res = await send({ symbol: 'BTCUSDT', action: 'close' }).expect(200);
    expect(res.body.cancelled_orders).toEqual(resting);
    expect(res.body.closed_positions).toMatchObject([{ side: 'BUY', position_type: 'short' }]);
    expect(t.fake.engine.openOrderList('BTCUSDT')).toHaveLength(0);
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([]);
  });

  it('answers a close with nothing open as success with empty lists', async () => {
    const res = await send({ symbol: 'DOGEUSDT', action: 'close' }).expect(200);
    expect(res.body).toMatchObject({ success: true, closed_positions: [], cancelled_orders: [] });
    expect(await signalRow(t.db.url, res.body.id)).toMatchObject({ status: 'EXECUTED', note: 'Nothing to close' });
  });

  it('accepts text/plain bodies with numbers as strings (TradingView placeholders)', async () => {
    const res = await t.http
      .post(ADVANCED)
      .set('Content-Type', 'text/plain; charset=utf-8')
      .send('{"symbol": "ETHUSDT", "action": "BUY", "balance_percentage": "0.10", "leverage": "3", "entry": "2499.5"}')
      .expect(200);
    expect(res.body.trade).toMatchObject({ symbol: 'ETHUSDT', action: 'buy', leverage: 3, entry_price: 2499.5 });
    const signal = await signalRow(t.db.url, res.body.id);
    expect(signal.payload).toEqual({
      symbol: 'ETHUSDT',
      action: 'BUY',
      balance_percentage: '0.10',
      leverage: '3',
      entry: '2499.5',
    });
  });

  it.each([
    ['btc', 'BTCUSDT'],
    ['BTCUSDT.P', 'BTCUSDT'],
    ['BINANCE:ETHUSDT.P', 'ETHUSDT'],
    ['BTCUSDTUSDT', 'BTCUSDT'],
  ])('normalises the symbol %s to %s', async (raw, symbol) => {
    const res = await send({ symbol: raw, action: 'buy', balance_percentage: 0.05, leverage: 5 }).expect(200);
    expect(res.body.trade.symbol).toBe(symbol);
    expect(await signalRow(t.db.url, res.body.id)).toMatchObject({ rawSymbol: raw, symbol });
  });

  it('keeps unknown fields in the record and accepts long/short/flat', async () => {
    const res = await send({
      symbol: 'SOLUSDT',
      action: 'Long',
      balance_percentage: 0.05,
      leverage: 2,
      strategy: 'ma-cross',
      bar: { time: 1 },
    }).expect(200);
    expect(res.body.trade.action).toBe('buy');
    expect((await signalRow(t.db.url, res.body.id)).payload).toMatchObject({ strategy: 'ma-cross', bar: { time: 1 } });
    await send({ symbol: 'SOLUSDT', action: 'flat' }).expect(200);
    expect(positionsOf(t.fake, 'SOLUSDT')).toEqual([]);
  });
});

describe('state-aware MA cross webhook', () => {
  let t: TradingTestApp;
  beforeAll(async () => {
    t = await createTradingApp({}, 'stateaware');
  });
  afterAll(() => t.close());
  beforeEach(() => t.fake.reset());

  const STATE_AWARE = '/api/binance/state-aware-ma-cross-webhook';

  it('skips a buy while long, a sell while short and a close while flat, placing no order', async () => {
    const flatClose = await t.http.post(STATE_AWARE).send({ symbol: 'BTCUSDT', action: 'close' }).expect(200);
    expect(flatClose.body).toMatchObject({ success: true, skipped: true });
    expect(flatClose.body.message).toMatch(/nothing to close/);

    await t.http
      .post(STATE_AWARE)
      .send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 })
      .expect(200);
    const ordersBefore = t.fake.requests.filter((r) => r.path === '/fapi/v1/order').length;
    const again = await t.http
      .post('/api/tradingview/binance/state-aware-ma-cross-webhook')
      .send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 })
      .expect(200);
    expect(again.body).toMatchObject({ success: true, skipped: true });
    expect(again.body.message).toMatch(/Already long/);
    expect(t.fake.requests.filter((r) => r.path === '/fapi/v1/order').length).toBe(ordersBefore);
    expect(await signalRow(t.db.url, again.body.id)).toMatchObject({
      status: 'SKIPPED',
      route: 'state-aware-ma-cross',
    });
    expect(await orderRows(t.db.url, again.body.id)).toEqual([]);

    const sell = await t.http
      .post(STATE_AWARE)
      .send({ symbol: 'BTCUSDT', action: 'sell', balance_percentage: 0.1, leverage: 5 })
      .expect(200);
    expect(sell.body.skipped).toBeUndefined();
    const sellAgain = await t.http
      .post(STATE_AWARE)
      .send({ symbol: 'BTCUSDT', action: 'sell', balance_percentage: 0.1, leverage: 5 })
      .expect(200);
    expect(sellAgain.body.message).toMatch(/Already short/);
  });
});

describe('advanced trading webhook (hedge mode)', () => {
  let t: TradingTestApp;
  beforeAll(async () => {
    t = await createTradingApp({}, 'hedge');
  });
  afterAll(() => t.close());
  beforeEach(() => {
    t.fake.reset();
    t.fake.engine.dualSidePosition = true;
  });

  const send = (body: unknown) => t.http.post(ADVANCED).send(body as object);

  it('opens by position side and reverses with one batch (close SHORT + open LONG)', async () => {
    await send({ symbol: 'BTCUSDT', action: 'sell', balance_percentage: 0.1, leverage: 5 }).expect(200);
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([['SHORT', '-0.100']]);
    t.fake.requests = [];
    const res = await send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 }).expect(200);
    expect(res.body.trade.opposite_position_closed).toBe('Closed short position of 0.1');
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([['LONG', '0.099']]);
    expect(t.fake.requests.filter((r) => r.path === '/fapi/v1/batchOrders')).toHaveLength(1);
    expect(t.fake.requests.filter((r) => r.path === '/fapi/v1/order')).toHaveLength(0);
    const orders = await orderRows(t.db.url, res.body.id);
    expect(orders.map((o) => [o.purpose, o.side, o.positionSide, o.reduceOnly, o.status])).toEqual([
      ['CLOSE_OPPOSITE', 'BUY', 'SHORT', false, 'FILLED'],
      ['OPEN', 'BUY', 'LONG', false, 'FILLED'],
    ]);
  });

  it('reverses long → short too', async () => {
    await send({ symbol: 'ETHUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 }).expect(200);
    await send({ symbol: 'ETHUSDT', action: 'sell', balance_percentage: 0.1, leverage: 5 }).expect(200);
    const held = positionsOf(t.fake, 'ETHUSDT');
    expect(held).toHaveLength(1);
    expect(held[0][0]).toBe('SHORT');
  });

  it('closes both sides and cancels resting orders', async () => {
    t.fake.engine.newOrder({ symbol: 'BTCUSDT', side: 'BUY', positionSide: 'LONG', type: 'MARKET', quantity: '0.02' });
    t.fake.engine.newOrder({
      symbol: 'BTCUSDT',
      side: 'SELL',
      positionSide: 'SHORT',
      type: 'MARKET',
      quantity: '0.03',
    });
    t.fake.engine.newOrder({
      symbol: 'BTCUSDT',
      side: 'BUY',
      positionSide: 'LONG',
      type: 'LIMIT',
      quantity: '0.01',
      price: '40000',
      timeInForce: 'GTC',
    });
    const res = await send({ symbol: 'BTCUSDT', action: 'close' }).expect(200);
    expect(
      res.body.closed_positions
        .map((p: { position_type: string; side: string; quantity: number }) => [p.position_type, p.side, p.quantity])
        .sort(),
    ).toEqual([
      ['long', 'SELL', 0.02],
      ['short', 'BUY', 0.03],
    ]);
    expect(res.body.cancelled_orders).toHaveLength(1);
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([]);
    expect(t.fake.engine.openOrderList('BTCUSDT')).toHaveLength(0);
    const orders = await orderRows(t.db.url, res.body.id);
    expect(orders.map((o) => o.purpose).sort()).toEqual(['CLOSE_LONG', 'CLOSE_SHORT']);
  });
});
