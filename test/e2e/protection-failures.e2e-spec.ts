/**
 * Protection that cannot go where it belongs, in both position modes: a
 * break-even move the exchange keeps refusing is tried again at the next
 * checks, then given up, recorded, emitted and notified; a stop that can be
 * neither moved nor put back is notified at once as UNPROTECTED; the trader's
 * own close-position stop on the side (Binance keeps one per direction,
 * -4130) refuses an alert asking for a stop before any order.
 * The monitor is driven by hand here (no poll, no account stream: protection-stream.e2e-spec.ts
 * covers the stream).
 */
import { ProtectionMonitor } from '../../src/trading/protection/protection-monitor';
import { ProtectionEvent, ProtectionEvents } from '../../src/trading/protection/protection-events';
import { control } from '../support/exchange-harness';
import { orderRequestsTo, positionsOf } from '../support/fake-state';
import { allSettled, protectiveRows } from '../support/records';
import { createTradingApp, TradingTestApp } from '../support/test-app';
import { query } from '../support/test-database';

const ADVANCED = '/api/binance/advanced-trading-webhook';
const BUY = { symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 10 };
const LADDER = {
  stop_loss: 49000,
  take_profits: [
    { price: 51000, size_percent: 50 },
    { price: 52000, size_percent: 50 },
  ],
  break_even: true,
};

describe.each([
  ['one-way', false],
  ['hedge', true],
])('protection failures (%s mode)', (mode, hedge) => {
  let t: TradingTestApp;
  let monitor: ProtectionMonitor;
  const events: ProtectionEvent[] = [];
  beforeAll(async () => {
    t = await createTradingApp({ PROTECTION_POLL_MS: '0', BINANCE_STREAMS: 'off' }, `protection-failures-${mode}`);
    monitor = t.app.get(ProtectionMonitor);
    t.app.get(ProtectionEvents).subscribe((e) => void events.push(e));
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    t.fake.reset();
    await control(t.fake, 'position-mode', { dualSidePosition: hedge });
    t.fake.engine.setPrice('BTCUSDT', '50000');
    events.length = 0;
    await query(t.db.url, 'DELETE FROM "NotificationEvent"');
  });

  const positionSide = hedge ? 'LONG' : 'BOTH';
  const open = () =>
    (t.fake.engine.openAlgoOrders({ symbol: 'BTCUSDT' }) as Array<{ clientAlgoId: string; triggerPrice: string }>)
      .map((o) => [o.clientAlgoId.split('_')[2], o.triggerPrice])
      .sort();
  const refuseAlgoOrders = (count: number) =>
    control(t.fake, 'fail', { path: '/fapi/v1/algoOrder', method: 'POST', code: -2021, count });
  const entered = async (body: object) =>
    ((await t.http.post(ADVANCED).send(body).expect(200)).body as { id: string }).id;
  const poll = async () => {
    await allSettled(t.db.url);
    await monitor.pollAll();
  };
  const failures = () =>
    query<{ id: string; payload: Record<string, unknown> }>(
      t.db.url,
      `SELECT id, payload FROM "NotificationEvent" WHERE type = 'protection.failed'`,
    );

  it('a refused break-even move: stop put back, retried at the next checks, then given up and notified', async () => {
    const id = await entered({ ...BUY, ...LADDER });
    t.fake.engine.setPrice('BTCUSDT', '51000');
    for (let n = 1; n <= 3; n++) {
      await refuseAlgoOrders(3); // each of the three sends of the break-even stop
      await poll();
      // The old stop is back, under a new id, still waiting for the move.
      expect(open()).toEqual([
        [`sl-rs${n}`, '49000.00'],
        ['tp2', '52000.00'],
      ]);
    }
    const rows = await protectiveRows(t.db.url, id);
    const stops = rows.filter((r) => r.kind === 'STOP_LOSS').map((r) => [r.clientAlgoId.split('_')[2], r.status]);
    expect(stops).toEqual([
      ['sl', 'CANCELED'],
      ['sl-be', 'FAILED'],
      ['sl-rs1', 'CANCELED'],
      ['sl-be2', 'FAILED'],
      ['sl-rs2', 'CANCELED'],
      ['sl-be3', 'FAILED'],
      ['sl-rs3', 'NEW'],
    ]);
    const last = rows.find((r) => r.clientAlgoId.endsWith('sl-rs3'))!;
    expect(last).toMatchObject({ breakEven: false, positionSide });
    expect(last.note).toMatch(/Break-even given up after 3 tries .*-2021.*the stop stays at 49000/);
    expect(rows.find((r) => r.clientAlgoId.endsWith('_sl'))!.note).toMatch(/Break-even try 1 of 3: .*stop put back/);
    expect(events.filter((e) => e.type === 'protection.break-even-failed')).toHaveLength(1);
    const [failure] = await failures();
    expect(await failures()).toHaveLength(1);
    expect(failure).toEqual({
      id: `tvb_${id}_sl:protection.failed:break-even`,
      payload: expect.objectContaining({
        symbol: 'BTCUSDT',
        side: 'LONG',
        what: 'break-even',
        state: 'the stop stays at 49000',
        unprotected: false,
      }) as unknown,
    });

    // Given up: the next checks leave the stop alone.
    const sent = t.fake.requests.filter((r) => r.path === '/fapi/v1/algoOrder').length;
    await poll();
    expect(t.fake.requests.filter((r) => r.path === '/fapi/v1/algoOrder')).toHaveLength(sent);
  });

  it('a break-even move that fails on the second check succeeds then', async () => {
    const id = await entered({ ...BUY, ...LADDER });
    t.fake.engine.setPrice('BTCUSDT', '51000');
    await refuseAlgoOrders(3);
    await poll();
    await poll();
    expect(open()).toEqual([
      ['sl-be2', '50050.10'],
      ['tp2', '52000.00'],
    ]);
    const moved = (await protectiveRows(t.db.url, id)).find((r) => r.clientAlgoId.endsWith('sl-rs1'))!;
    expect(moved).toMatchObject({ status: 'CANCELED', note: 'Moved to break-even 50050.1 on try 2' });
    expect(await failures()).toEqual([]);
  });

  it('a stop that can be neither moved nor put back: recorded and notified at once as UNPROTECTED', async () => {
    const id = await entered({ ...BUY, ...LADDER });
    t.fake.engine.setPrice('BTCUSDT', '51000');
    await refuseAlgoOrders(6); // the break-even stop's three sends, then the old stop's three
    await poll();
    expect(open()).toEqual([['tp2', '52000.00']]);
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([[positionSide, '0.100']]);
    const stop = (await protectiveRows(t.db.url, id)).find((r) => r.clientAlgoId.endsWith('_sl'))!;
    expect(stop).toMatchObject({ status: 'CANCELED', breakEven: false });
    expect(stop.note).toMatch(/NO STOP LOSS/);
    const notified = await failures();
    expect(notified.map((n) => [n.payload.unprotected, n.payload.state])).toEqual([
      [true, 'NO stop loss: act on Binance now'],
    ]);
  });

  it("the trader's own close-position stop on the side: an alert asking for a stop is refused, no order", async () => {
    t.fake.engine.newAlgoOrder({
      algoType: 'CONDITIONAL',
      symbol: 'BTCUSDT',
      side: 'SELL',
      positionSide,
      type: 'STOP_MARKET',
      triggerPrice: '48000',
      closePosition: 'true',
      clientAlgoId: 'app_stop',
    });
    const refused = await t.http
      .post(ADVANCED)
      .send({ ...BUY, stop_loss: 49000 })
      .expect(422);
    expect((refused.body as { error: string }).error).toMatch(/not placed by this service .*trigger 48000.*-4130/);
    expect(orderRequestsTo(t.fake)).toEqual([]);
    // Without a stop (or with only targets) the alert trades; the trader's stop stays.
    await t.http
      .post(ADVANCED)
      .send({ ...BUY, take_profit: 52000 })
      .expect(200);
    const left = t.fake.engine.openAlgoOrders({ symbol: 'BTCUSDT' }) as Array<{ clientAlgoId: string }>;
    expect(left.map((o) => o.clientAlgoId.replace(/^tvb_\w+_/, ''))).toEqual(['app_stop', 'tp1']);
  });
});
