/**
 * Hedge-mode reversals against a fake that runs a batch's items as Binance
 * does: concurrently, in no guaranteed order, each margin-checked against the
 * account as it was before the batch. A reversal must end reversed whatever
 * the balance percentage and whatever order the batch runs in; every order on
 * the account is recorded, none twice. Part of `npm run test:chaos`.
 */
import { recordChaosFigures } from '../support/chaos-figures';
import { control } from '../support/exchange-harness';
import { positionsOf } from '../support/fake-state';
import { orderRows } from '../support/records';
import { createTradingApp, TradingTestApp } from '../support/test-app';

const ADVANCED = '/api/binance/advanced-trading-webhook';

describe('hedge reversal under concurrent batch execution', () => {
  let t: TradingTestApp;
  let recordsMissing = 0;
  let duplicateOrders = 0;
  let reversalsTried = 0;
  beforeAll(async () => {
    t = await createTradingApp({}, 'batchfaults');
  });
  afterAll(async () => {
    recordChaosFigures('concurrent-batch', { inputsTried: reversalsTried, recordsMissing, duplicateOrders });
    await t.close();
  });
  beforeEach(async () => {
    t.fake.reset();
    await control(t.fake, 'position-mode', { dualSidePosition: true });
  });

  const signal = (action: 'buy' | 'sell', balance_percentage: number, leverage = 20) =>
    t.http.post(ADVANCED).send({ symbol: 'BTCUSDT', action, balance_percentage, leverage, margin_type: 'CROSSED' });

  /** Every order the fake filled is recorded under its client order id, and no purpose filled twice. */
  async function checkRecords(signalIds: string[]): Promise<void> {
    const recorded = new Set<string>();
    for (const id of signalIds) {
      for (const row of await orderRows(t.db.url, id)) if (row.status === 'FILLED') recorded.add(row.clientOrderId);
    }
    const filled = [...t.fake.engine.orders.values()].filter((o) => o.status === 'FILLED').map((o) => o.clientOrderId);
    recordsMissing += filled.filter((id) => !recorded.has(id)).length;
    duplicateOrders += filled.length - new Set(filled).size;
    expect(filled.filter((id) => !recorded.has(id))).toEqual([]);
  }

  it('a reversal at balance_percentage 1.0 and 20x ends reversed even when the batch runs the open first', async () => {
    await control(t.fake, 'batch-order', { mode: 'reverse' });
    const short = await signal('sell', 0.5).expect(200);
    // The short is in profit, so the reversal's open fits once the short is closed:
    // the account has the margin for it, only not before the close has freed it.
    await control(t.fake, 'price', { symbol: 'BTCUSDT', price: '49000' });
    const reversal = await signal('buy', 1.0);
    reversalsTried += 1;
    expect(reversal.status).toBe(200);
    expect(reversal.body.trade.opposite_position_closed).toMatch(/^Closed short position/);
    const held = positionsOf(t.fake, 'BTCUSDT');
    expect(held).toHaveLength(1);
    expect(held[0][0]).toBe('LONG');
    expect(held[0][1]).toBe(reversal.body.trade.executed_quantity.toFixed(3));
    const orders = await orderRows(t.db.url, reversal.body.id);
    expect(orders.map((o) => [o.purpose, o.status])).toEqual([
      ['CLOSE_OPPOSITE', 'FILLED'],
      ['OPEN', 'FILLED'],
    ]);
    await checkRecords([short.body.id, reversal.body.id]);
  });

  it('at an unchanged price too: 1.0 at 20x is sized to fit once the close has freed its margin', async () => {
    await control(t.fake, 'batch-order', { mode: 'reverse' });
    const short = await signal('sell', 1.0).expect(200);
    const reversal = await signal('buy', 1.0);
    reversalsTried += 1;
    expect(reversal.status).toBe(200);
    const held = positionsOf(t.fake, 'BTCUSDT');
    expect(held).toEqual([['LONG', reversal.body.trade.executed_quantity.toFixed(3)]]);
    await checkRecords([short.body.id, reversal.body.id]);
  });

  it('a reversal whose open fits before the close stays one batch (one round trip), in any order', async () => {
    await control(t.fake, 'batch-order', { mode: 'reverse' });
    await signal('sell', 0.1, 5).expect(200);
    t.fake.requests = [];
    const reversal = await signal('buy', 0.1, 5).expect(200);
    reversalsTried += 1;
    expect(t.fake.requests.filter((r) => r.path === '/fapi/v1/batchOrders')).toHaveLength(1);
    expect(t.fake.requests.filter((r) => r.path === '/fapi/v1/order' && r.method === 'POST')).toHaveLength(0);
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([['LONG', reversal.body.trade.executed_quantity.toFixed(3)]]);
    expect((await orderRows(t.db.url, reversal.body.id)).map((o) => o.status)).toEqual(['FILLED', 'FILLED']);
  });

  it('reversal after reversal, at random batch orders and percentages, always ends on the asked side', async () => {
    const ids: string[] = [];
    let side: 'buy' | 'sell' = 'sell';
    ids.push((await signal(side, 0.3).expect(200)).body.id);
    for (let run = 0; run < 12; run++) {
      await control(t.fake, 'batch-order', { mode: 'random', seed: 1000 + run });
      // Move the price in favour of the held side, so even 1.0 fits once it is closed.
      await control(t.fake, 'price', { symbol: 'BTCUSDT', price: side === 'sell' ? '49000' : '50000' });
      side = side === 'sell' ? 'buy' : 'sell';
      const res = await signal(side, [0.2, 0.6, 1.0][run % 3]);
      reversalsTried += 1;
      expect(res.status).toBe(200);
      ids.push(res.body.id);
      const held = positionsOf(t.fake, 'BTCUSDT');
      expect(held).toHaveLength(1);
      expect(held[0][0]).toBe(side === 'buy' ? 'LONG' : 'SHORT');
    }
    await checkRecords(ids);
  });
});
