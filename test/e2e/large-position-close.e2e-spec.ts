/**
 * A position larger than the market lot maximum (BTCUSDT: MARKET_LOT_SIZE
 * maxQty 120) built from several buys: Binance refuses a MARKET order above
 * that maximum (-4005), reduce-only included, so one `close` signal closes it
 * in pieces, each recorded under its own client order id.
 */
import { control } from '../support/exchange-harness';
import { positionsOf } from '../support/fake-state';
import { orderRows, signalRow } from '../support/records';
import { createTradingApp, TradingTestApp } from '../support/test-app';

const ADVANCED = '/api/binance/advanced-trading-webhook';

describe('closing a position above the market lot maximum', () => {
  let t: TradingTestApp;
  beforeAll(async () => {
    t = await createTradingApp({}, 'largeclose');
  });
  afterAll(() => t.close());
  beforeEach(() => t.fake.reset());

  const send = (body: Record<string, unknown>) => t.http.post(ADVANCED).send({ symbol: 'BTCUSDT', ...body });

  /** 300 BTC long from three buys of 100 BTC (1,000,000 USDT × 0.25 × 20 ÷ 50000 each). */
  async function build300(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      await control(t.fake, 'balance', { amount: '1000000' });
      const res = await send({ action: 'buy', balance_percentage: 0.25, leverage: 20 }).expect(200);
      expect(res.body.trade.quantity).toBe(100);
    }
  }

  it('one-way: a 300 BTC long closes flat with one close signal, in pieces of at most 120', async () => {
    await build300();
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([['BOTH', '300.000']]);
    const res = await send({ action: 'close' }).expect(200);
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([]);
    expect(res.body.closed_positions.map((p: { quantity: number }) => p.quantity)).toEqual([120, 120, 60]);
    const orders = await orderRows(t.db.url, res.body.id);
    expect(orders.map((o) => [o.clientOrderId, o.quantity, o.reduceOnly, o.status])).toEqual([
      [`tvb_${res.body.id}_cl`, '120.000000000000000000', true, 'FILLED'],
      [`tvb_${res.body.id}_cl2`, '120.000000000000000000', true, 'FILLED'],
      [`tvb_${res.body.id}_cl3`, '60.000000000000000000', true, 'FILLED'],
    ]);
    // Up to 5 orders per batch: the three pieces went in one batch.
    expect(t.fake.requests.filter((r) => r.path === '/fapi/v1/batchOrders')).toHaveLength(1);
    expect((await signalRow(t.db.url, res.body.id)).status).toBe('EXECUTED');
  });

  it('one-way: a sell reverses the 300 BTC long (closing pieces first, then the open)', async () => {
    await build300();
    await control(t.fake, 'balance', { amount: '1000000' });
    const res = await send({ action: 'sell', balance_percentage: 0.1, leverage: 20 }).expect(200);
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([['BOTH', `-${res.body.trade.executed_quantity.toFixed(3)}`]]);
    const orders = await orderRows(t.db.url, res.body.id);
    expect(orders.map((o) => [o.purpose, o.status])).toEqual([
      ['CLOSE_OPPOSITE', 'FILLED'],
      ['CLOSE_OPPOSITE', 'FILLED'],
      ['CLOSE_OPPOSITE', 'FILLED'],
      ['OPEN', 'FILLED'],
    ]);
    expect(new Set(orders.map((o) => o.clientOrderId)).size).toBe(4);
  });

  it('hedge: a 700 BTC long closes in batches of at most 5 orders', async () => {
    await control(t.fake, 'position-mode', { dualSidePosition: true });
    await control(t.fake, 'balance', { amount: '100000000' });
    await control(t.fake, 'symbol-settings', { symbol: 'BTCUSDT', leverage: 10 }); // 35M fits the 40M bracket at 10x
    const buy = { symbol: 'BTCUSDT', side: 'BUY', positionSide: 'LONG', type: 'MARKET', quantity: '100' };
    for (let i = 0; i < 7; i++) t.fake.engine.newOrder(buy);
    const res = await send({ action: 'close' }).expect(200);
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([]);
    const orders = await orderRows(t.db.url, res.body.id);
    expect(orders).toHaveLength(6); // 5 × 120 + 100
    expect(orders.every((o) => o.status === 'FILLED' && o.positionSide === 'LONG')).toBe(true);
    expect(orders.every((o) => o.purpose === 'CLOSE_LONG')).toBe(true);
    // Five pieces in one batch, the sixth alone (a batch of one is a plain order).
    const batches = t.fake.requests.filter((r) => r.path === '/fapi/v1/batchOrders');
    expect(batches.map((r) => JSON.parse(r.params.batchOrders!).length)).toEqual([5]);
    expect(t.fake.requests.filter((r) => r.path === '/fapi/v1/order' && r.method === 'POST')).toHaveLength(1);
  });
});
