/**
 * Stop loss, take-profit ladder, trailing stop and break-even carried by the
 * alert and placed on the fake Binance's Algo Order service, in both position
 * modes: placed right after the entry, followed as the price moves, cancelled
 * by a close, refused before any order when a trigger is on the wrong side.
 * The monitor is driven by hand here (no poll, no account stream: protection-stream.e2e-spec.ts
 * covers the stream).
 */
import { ProtectionMonitor } from '../../src/trading/protection/protection-monitor';
import { ProtectionResizer } from '../../src/trading/protection/protection-resizer';
import { ProtectionEvent, ProtectionEvents } from '../../src/trading/protection/protection-events';
import { control } from '../support/exchange-harness';
import { orderRequestsTo, positionsOf } from '../support/fake-state';
import { allSettled, orderRows, protectiveRows, signalRow } from '../support/records';
import { createTradingApp, TradingTestApp } from '../support/test-app';
import { query } from '../support/test-database';

const ADVANCED = '/api/binance/advanced-trading-webhook';
const BUY = { symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 10 };
const SELL = { ...BUY, action: 'sell' };

type OpenAlgo = {
  clientAlgoId: string;
  orderType: string;
  triggerPrice: string;
  quantity: string;
  positionSide: string;
};

describe.each([
  ['one-way', false],
  ['hedge', true],
])('protection on the exchange (%s mode)', (mode, hedge) => {
  let t: TradingTestApp;
  let monitor: ProtectionMonitor;
  const events: ProtectionEvent[] = [];
  beforeAll(async () => {
    t = await createTradingApp({ PROTECTION_POLL_MS: '0', BINANCE_STREAMS: 'off' }, `protection-${mode}`);
    monitor = t.app.get(ProtectionMonitor);
    t.app.get(ProtectionEvents).subscribe((e) => void events.push(e));
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    t.fake.reset();
    await control(t.fake, 'position-mode', { dualSidePosition: hedge });
    t.fake.engine.setPrice('BTCUSDT', '50000');
    events.length = 0;
  });

  const send = (body: unknown) => t.http.post(ADVANCED).send(body as object);
  const openAlgo = () =>
    (t.fake.engine.openAlgoOrders({ symbol: 'BTCUSDT' }) as OpenAlgo[]).sort((a, b) =>
      a.clientAlgoId.localeCompare(b.clientAlgoId),
    );
  const side = hedge ? 'LONG' : 'BOTH';
  const price = async (p: string) => {
    t.fake.engine.setPrice('BTCUSDT', p);
    // The signal's rows are written just after its answer; the monitor follows what is recorded.
    await allSettled(t.db.url);
    await monitor.pollAll();
  };

  it('stop, two targets → three algo orders; target 1 → partial close, stop to break-even; stop → flat', async () => {
    const res = await send({
      ...BUY,
      stop_loss: 49000,
      take_profits: [
        { price: 51000, size_percent: 50 },
        { percent: 4, size_percent: 50 },
      ],
      break_even: true,
    }).expect(200);
    const id = res.body.id;
    // 10000 × 0.1 × 10 / 50000 = 0.2 BTC
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([[side, '0.200']]);
    expect(res.body.protection).toEqual([
      expect.objectContaining({
        kind: 'stop_loss',
        type: 'STOP_MARKET',
        status: 'NEW',
        trigger_price: 49000,
        quantity: 'whole position',
        client_algo_id: `tvb_${id}_sl`,
      }),
      expect.objectContaining({
        kind: 'take_profit',
        level: 1,
        type: 'TAKE_PROFIT_MARKET',
        trigger_price: 51000,
        quantity: 0.1,
      }),
      expect.objectContaining({ kind: 'take_profit', level: 2, trigger_price: 52000, quantity: 0.1 }),
    ]);
    expect(openAlgo()).toEqual([
      expect.objectContaining({
        clientAlgoId: `tvb_${id}_sl`,
        orderType: 'STOP_MARKET',
        triggerPrice: '49000.00',
        positionSide: side,
      }),
      expect.objectContaining({
        clientAlgoId: `tvb_${id}_tp1`,
        orderType: 'TAKE_PROFIT_MARKET',
        triggerPrice: '51000.00',
        quantity: '0.100',
      }),
      expect.objectContaining({
        clientAlgoId: `tvb_${id}_tp2`,
        orderType: 'TAKE_PROFIT_MARKET',
        triggerPrice: '52000.00',
        quantity: '0.100',
      }),
    ]);
    const algoRequests = t.fake.requests.filter((r) => r.path === '/fapi/v1/algoOrder' && r.method === 'POST');
    // Hedge mode closes by position side: Binance refuses reduceOnly there.
    for (const r of algoRequests)
      expect(r.params.reduceOnly).toBe(hedge || r.params.closePosition ? undefined : 'true');
    expect((await protectiveRows(t.db.url, id)).map((r) => [r.kind, r.status, r.breakEven])).toEqual([
      ['STOP_LOSS', 'NEW', true],
      ['TAKE_PROFIT', 'NEW', false],
      ['TAKE_PROFIT', 'NEW', false],
    ]);

    await price('51000');
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([[side, '0.100']]);
    // Break-even: 50000 × 1.0005 / 0.9995 = 50050.03 → up to the tick 0.10.
    expect(openAlgo()).toEqual([
      expect.objectContaining({ clientAlgoId: `tvb_${id}_sl-be`, orderType: 'STOP_MARKET', triggerPrice: '50050.10' }),
      expect.objectContaining({ clientAlgoId: `tvb_${id}_tp2` }),
    ]);
    expect(events.map((e) => [e.type, e.kind, e.level])).toEqual([
      ['protection.filled', 'TAKE_PROFIT', 1],
      ['protection.moved-to-break-even', 'STOP_LOSS', undefined],
    ]);
    // The trader is told, once, through the notification outbox.
    const notified = await query<{ id: string; type: string; payload: Record<string, unknown> }>(
      t.db.url,
      'SELECT id, type, payload FROM "NotificationEvent" WHERE type = $1',
      ['protection.triggered'],
    );
    expect(notified).toEqual([
      {
        id: `tvb_${id}_tp1:protection.triggered`,
        type: 'protection.triggered',
        payload: expect.objectContaining({
          symbol: 'BTCUSDT',
          kind: 'target',
          side: 'LONG',
          quantity: '0.1',
          triggerPrice: '51000',
        }),
      },
    ]);

    await price('50000');
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([]);
    expect(openAlgo()).toEqual([]);
    const rows = await protectiveRows(t.db.url, id);
    expect(rows.map((r) => [r.clientAlgoId.split('_')[2], r.status])).toEqual([
      ['sl', 'CANCELED'],
      ['tp1', 'FINISHED'],
      ['tp2', 'CANCELED'],
      ['sl-be', 'FINISHED'],
    ]);
    expect(rows.find((r) => r.clientAlgoId.endsWith('tp1'))).toMatchObject({ fillPrice: '51000.000000000000000000' });
    expect(rows.find((r) => r.clientAlgoId.endsWith('sl-be'))).toMatchObject({
      fillPrice: '50000.000000000000000000',
      replacesId: `tvb_${id}_sl`,
    });
    expect(rows.filter((r) => r.status === 'FINISHED').every((r) => r.filledAt && r.triggeredAt)).toBe(true);
  });

  it('a short: stop above, targets below; the stop fills → the ladder left is cancelled', async () => {
    const res = await send({ ...SELL, stop_loss: { percent: 2 }, take_profit: '3%' }).expect(200);
    const shortSide = hedge ? 'SHORT' : 'BOTH';
    expect(openAlgo().map((o) => [o.orderType, o.triggerPrice, o.positionSide])).toEqual([
      ['STOP_MARKET', '51000.00', shortSide],
      ['TAKE_PROFIT_MARKET', '48500.00', shortSide],
    ]);
    await price('51000');
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([]);
    expect(openAlgo()).toEqual([]);
    expect((await protectiveRows(t.db.url, res.body.id)).map((r) => [r.kind, r.status])).toEqual([
      ['STOP_LOSS', 'FINISHED'],
      ['TAKE_PROFIT', 'CANCELED'],
    ]);
  });

  it('a trailing stop follows the price and triggers', async () => {
    const res = await send({ ...BUY, trailing_stop: { callback_rate: 1, activation_price: 50500 } }).expect(200);
    expect(res.body.protection).toEqual([
      expect.objectContaining({
        kind: 'trailing_stop',
        type: 'TRAILING_STOP_MARKET',
        callback_rate: 1,
        activation_price: 50500,
        quantity: 0.2,
      }),
    ]);
    await price('52000');
    await price('51600');
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([[side, '0.200']]);
    // 1% under the highest price seen (52000) is 51480.
    await price('51480');
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([]);
    expect(await protectiveRows(t.db.url, res.body.id)).toEqual([
      expect.objectContaining({ kind: 'TRAILING_STOP', status: 'FINISHED', fillPrice: '51480.000000000000000000' }),
    ]);
  });

  it('a close cancels all protection, and the record follows', async () => {
    const res = await send({ ...BUY, stop_loss: 49000, take_profit: 52000 }).expect(200);
    expect(openAlgo()).toHaveLength(2);
    const close = await send({ symbol: 'BTCUSDT', action: 'close' }).expect(200);
    expect(close.body.cancelled_algo_orders).toHaveLength(2);
    expect(openAlgo()).toEqual([]);
    // The entry's rows are written just after its answer; the monitor follows what is recorded.
    await allSettled(t.db.url);
    await monitor.pollAll();
    expect((await protectiveRows(t.db.url, res.body.id)).map((r) => r.status)).toEqual(['CANCELED', 'CANCELED']);
  });

  it('a position add replaces the protection so it covers the whole position', async () => {
    const first = await send({ ...BUY, stop_loss: 49000, take_profit: 52000 }).expect(200);
    const add = await send({ ...BUY, stop_loss: 48000, take_profit: 53000 }).expect(200);
    // The second entry is sized from the balance the first one's fee left: 0.199.
    const total = (0.2 + add.body.trade.quantity).toFixed(3);
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([[side, total]]);
    expect(add.body.replaced_protection).toHaveLength(2);
    expect(openAlgo().map((o) => [o.clientAlgoId, o.triggerPrice, o.quantity])).toEqual([
      [`tvb_${add.body.id}_sl`, '48000.00', '0.000'],
      [`tvb_${add.body.id}_tp1`, '53000.00', total],
    ]);
    // The first signal's rows may be written after the add cancelled its orders: the monitor's next check
    // records their fate (as after a close).
    await allSettled(t.db.url);
    await monitor.pollAll();
    expect((await protectiveRows(t.db.url, first.body.id)).map((r) => r.status)).toEqual(['CANCELED', 'CANCELED']);
  });

  it('after a partial close, replaceForPosition re-fits take profits and trailing stop to what is held', async () => {
    const res = await send({
      ...BUY,
      stop_loss: 49000,
      take_profits: [
        { price: 51000, size_percent: 50 },
        { price: 52000, size_percent: 50 },
      ],
      trailing_stop: { callback_rate: 1 },
    }).expect(200);
    const id = res.body.id;
    await allSettled(t.db.url);
    // Part of the position closed by hand (or by a partial exit): 0.2 → 0.12.
    t.fake.engine.newOrder({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'MARKET',
      quantity: '0.08',
      ...(hedge ? { positionSide: 'LONG' } : { reduceOnly: 'true' }),
    });
    const outcome = await t.app.get(ProtectionResizer).replaceForPosition('BTCUSDT', side);
    expect(outcome.resized.map((r) => [r.type, r.from.toString(), r.to.toString()])).toEqual([
      ['TAKE_PROFIT_MARKET', '0.1', '0.06'],
      ['TAKE_PROFIT_MARKET', '0.1', '0.06'],
      ['TRAILING_STOP_MARKET', '0.2', '0.12'],
    ]);
    // Each resized order's old one is cancelled; nothing else.
    expect(outcome.cancelled.map((c) => c.clientOrderId.split('_')[2])).toEqual(['tp1', 'tp2', 'ts']);
    expect(outcome.error).toBeUndefined();
    expect(openAlgo().map((o) => [o.clientAlgoId.split('_')[2], o.quantity])).toEqual([
      ['sl', '0.000'],
      ['tp1-r1', '0.060'],
      ['tp2-r1', '0.060'],
      ['ts-r1', '0.120'],
    ]);
    // Target 1 fills: the trailing stop follows the position down to what is left.
    await price('51000');
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([[side, '0.060']]);
    expect(openAlgo().map((o) => [o.clientAlgoId.split('_')[2], o.quantity])).toEqual([
      ['sl', '0.000'],
      ['tp2-r1', '0.060'],
      ['ts-r2', '0.060'],
    ]);
    const rows = await protectiveRows(t.db.url, id);
    expect(rows.find((r) => r.clientAlgoId.endsWith('ts-r2'))).toMatchObject({ replacesId: `tvb_${id}_ts-r1` });
  });

  it('wrong-side triggers → 422 and no order', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ ...BUY, stop_loss: 51000 }, /stop_loss 51000 must be below the current price 50000 for a long/],
      [{ ...BUY, take_profit: 49000 }, /take_profit 49000 must be above the current price/],
      [{ ...SELL, stop_loss: 49000 }, /stop_loss 49000 must be above the current price 50000 for a short/],
      [
        {
          ...BUY,
          take_profits: [
            { price: 52000, size_percent: 50 },
            { price: 40000, size_percent: 50 },
          ],
        },
        /take_profits\[1\] 40000 must be above/,
      ],
      [{ ...BUY, trailing_stop: { callback_rate: 1, activation_price: 49000 } }, /activation 49000 must be above/],
      [{ ...BUY, stop_loss: 100 }, /outside the symbol's price range/],
    ];
    for (const [body, message] of cases) {
      const res = await send(body).expect(422);
      expect(res.body).toMatchObject({ success: false, error: expect.stringMatching(message) });
      expect(await signalRow(t.db.url, res.body.id)).toMatchObject({
        status: 'REJECTED',
        errorCode: 'INVALID_PROTECTION',
      });
    }
    expect(orderRequestsTo(t.fake)).toEqual([]);
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([]);
  });

  it('rounds a trigger to the tick and says so', async () => {
    const res = await send({ ...BUY, stop_loss: '49000.06' }).expect(200);
    expect(res.body.protection[0]).toMatchObject({
      trigger_price: 49000.1,
      asked_price: 49000.06,
      rounded_to_tick: true,
    });
  });
});

describe.each([
  ['one-way', false],
  ['hedge', true],
])('protection refused after the entry filled (%s mode)', (mode, hedge) => {
  let close: TradingTestApp;
  let keep: TradingTestApp;
  beforeAll(async () => {
    close = await createTradingApp({ PROTECTION_POLL_MS: '0' }, `protection-fail-close-${mode}`);
    keep = await createTradingApp(
      { PROTECTION_POLL_MS: '0', PROTECTION_FAILURE: 'keep' },
      `protection-fail-keep-${mode}`,
    );
  });
  afterAll(async () => {
    await close.close();
    await keep.close();
  });
  const refuseAlgoOrders = async (t: TradingTestApp) => {
    await control(t.fake, 'position-mode', { dualSidePosition: hedge });
    await control(t.fake, 'fail', {
      path: '/fapi/v1/algoOrder',
      method: 'POST',
      count: 10,
      code: -4045,
      msg: 'Reach max stop order limit.',
    });
  };

  it('PROTECTION_FAILURE=close (default): retries, then flattens the entry, records and answers which', async () => {
    close.fake.reset();
    await refuseAlgoOrders(close);
    const res = await close.http
      .post(ADVANCED)
      .send({ ...BUY, stop_loss: 49000 })
      .expect(422);
    expect(res.body).toMatchObject({
      success: false,
      error: expect.stringMatching(
        /entry filled but its protection could not be placed .*the position was closed \(PROTECTION_FAILURE=close\)/,
      ),
      protection_failure: { action: 'close', position_closed: true },
    });
    expect(positionsOf(close.fake, 'BTCUSDT')).toEqual([]);
    // Three tries of the stop.
    expect(close.fake.requests.filter((r) => r.path === '/fapi/v1/algoOrder')).toHaveLength(3);
    expect(await signalRow(close.db.url, res.body.id)).toMatchObject({
      status: 'FAILED',
      errorCode: 'PROTECTION_FAILED',
    });
    expect((await orderRows(close.db.url, res.body.id)).map((o) => [o.purpose, o.status]).sort()).toEqual([
      ['CLOSE_UNPROTECTED', 'FILLED'],
      ['OPEN', 'FILLED'],
    ]);
    expect(await protectiveRows(close.db.url, res.body.id)).toEqual([
      expect.objectContaining({ kind: 'STOP_LOSS', status: 'FAILED', algoId: null }),
    ]);
  });

  it('PROTECTION_FAILURE=keep: the position stays, said loudly in the answer and the record', async () => {
    keep.fake.reset();
    await refuseAlgoOrders(keep);
    const res = await keep.http
      .post(ADVANCED)
      .send({ ...BUY, stop_loss: 49000 })
      .expect(422);
    expect(res.body.protection_failure).toMatchObject({ action: 'keep', position_closed: false });
    expect(res.body.error).toMatch(/kept open WITHOUT any protection \(PROTECTION_FAILURE=keep\)/);
    expect(positionsOf(keep.fake, 'BTCUSDT')).toEqual([[hedge ? 'LONG' : 'BOTH', '0.200']]);
    expect(await signalRow(keep.db.url, res.body.id)).toMatchObject({
      status: 'FAILED',
      errorCode: 'PROTECTION_FAILED',
      note: expect.stringMatching(/WITHOUT any protection/),
    });
  });
});

describe('sizing modes, stale alerts and the admin review of protection', () => {
  let t: TradingTestApp;
  const admin = { Authorization: 'Bearer test-admin-token-0123456789' };
  beforeAll(async () => {
    t = await createTradingApp({ PROTECTION_POLL_MS: '0', MAX_SIGNAL_AGE_S: '30' }, 'protection-sizing');
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    t.fake.reset();
    t.fake.engine.setPrice('BTCUSDT', '50000');
    // What an earlier test left recorded as open is gone from the reset exchange: the monitor records that.
    await allSettled(t.db.url);
    await t.app.get(ProtectionMonitor).pollAll();
  });
  const send = (body: unknown) => t.http.post(ADVANCED).send(body as object);
  const bare = { symbol: 'BTCUSDT', action: 'buy', leverage: 10 };

  it('sizes by quantity, by USDT value and by risk to the stop', async () => {
    // 1% of 10000 at risk, 1000 between price and stop → 0.1 BTC; the stop closes it all.
    const byRisk = await send({ ...bare, risk_percentage: '1%', stop_loss: 49000 }).expect(200);
    expect(byRisk.body.trade.quantity).toBe(0.1);
    expect(byRisk.body.calculation_details).toMatchObject({
      sizing_mode: 'risk_percentage',
      stop_price: 49000,
      risk_capped_by_leverage: false,
    });
    const byQuantity = await send({ ...bare, quantity: '0.0105' }).expect(200);
    expect(byQuantity.body.trade.quantity).toBe(0.01);
    expect(byQuantity.body.calculation_details).toMatchObject({ sizing_mode: 'quantity', sizing_value: 0.0105 });
    const byUsdt = await send({ ...bare, usdt: 1000 }).expect(200);
    expect(byUsdt.body.trade.quantity).toBe(0.02);
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([['BOTH', '0.130']]);
  });

  it('refuses none or two sizing fields, and a stale alert, with 422 before any exchange call', async () => {
    const two = await send({ ...bare, balance_percentage: 0.1, usdt: 100 }).expect(422);
    expect(two.body.error).toMatch(/Exactly one sizing field .*\(got balance_percentage and usdt\)/);
    const none = await send(bare).expect(422);
    expect(none.body.error).toMatch(/\(got none\)/);
    const requestsBefore = t.fake.requests.length;
    const stale = await send({ ...bare, quantity: 0.01, time: new Date(Date.now() - 60_000).toISOString() }).expect(
      422,
    );
    expect(stale.body.error).toMatch(/^Stale alert: sent at .* \(more than the 30 s allowed\)/);
    expect(await signalRow(t.db.url, stale.body.id)).toMatchObject({ status: 'REJECTED', errorCode: 'STALE' });
    const ownLimit = await send({
      ...bare,
      quantity: 0.01,
      time: new Date(Date.now() - 60_000).toISOString(),
      max_age_s: 120,
    });
    expect(ownLimit.status).toBe(200);
    expect(orderRequestsTo(t.fake)).toHaveLength(1);
    expect(t.fake.requests.length).toBeGreaterThan(requestsBefore);
  });

  it('shows protection in the signal detail, lists it per symbol and exports its fills', async () => {
    const from = new Date(Date.now() - 1000).toISOString();
    const res = await send({
      ...bare,
      quantity: 0.1,
      stop_loss: 49000,
      take_profits: [
        { price: 51000, size_percent: 50 },
        { price: 52000, size_percent: 50 },
      ],
    }).expect(200);
    await allSettled(t.db.url);
    const detail = await t.http.get(`/api/admin/signals/${res.body.id}`).set(admin).expect(200);
    expect(
      detail.body.protective_orders.map(
        (p: { kind: string; status: string; trigger_price: string; quantity: string }) => [
          p.kind,
          p.status,
          p.trigger_price,
          p.quantity,
        ],
      ),
    ).toEqual([
      ['stop_loss', 'new', '49000', 'whole position'],
      ['take_profit', 'new', '51000', '0.05'],
      ['take_profit', 'new', '52000', '0.05'],
    ]);
    const open = await t.http.get('/api/admin/protection?symbol=btc').set(admin).expect(200);
    expect(Object.keys(open.body.symbols)).toEqual(['BTCUSDT']);
    expect(open.body.symbols.BTCUSDT).toHaveLength(3);

    t.fake.engine.setPrice('BTCUSDT', '51000');
    await t.app.get(ProtectionMonitor).pollAll();
    const csv = await t.http.get(`/api/admin/export.csv?from=${from}`).set(admin).expect(200);
    const lines = csv.text.trim().split('\r\n');
    expect(lines.find((l) => l.includes(`tvb_${res.body.id}_tp1`))).toMatch(
      /,BTCUSDT,TAKE_PROFIT,SELL,BOTH,0.05,0.05,51000,2550,FILLED,default,live$/,
    );
    expect((await t.http.get('/api/admin/protection').set(admin).expect(200)).body.symbols.BTCUSDT).toHaveLength(2);
  });
});
