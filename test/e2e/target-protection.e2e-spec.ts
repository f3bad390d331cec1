/**
 * Protection and exits that change the position's size, in both position
 * modes: a partial exit re-fits the alert's take profits and trailing stop
 * through the same mechanism as after a take profit fills (recorded, then
 * followed by the monitor); a target-position alert carries stop_loss /
 * take_profit like buy/sell when it opens or adds, is refused before any
 * order when a trigger is on the wrong side, and says so when it only reduces.
 * The monitor is driven by hand here (no poll, no account stream: protection-stream.e2e-spec.ts
 * covers the stream).
 */
import { ProtectionMonitor } from '../../src/trading/protection/protection-monitor';
import { control } from '../support/exchange-harness';
import { orderRequestsTo, positionsOf } from '../support/fake-state';
import { allSettled, protectiveRows } from '../support/records';
import { createTradingApp, TradingTestApp } from '../support/test-app';

const ADVANCED = '/api/binance/advanced-trading-webhook';

type Body = Record<string, unknown>;
type OpenAlgo = { clientAlgoId: string; orderType: string; quantity: string; triggerPrice: string };

describe.each([
  ['one-way', false],
  ['hedge', true],
])('protection through partial exits and target positions (%s mode)', (mode, hedge) => {
  let t: TradingTestApp;
  let monitor: ProtectionMonitor;
  let n = 0;
  beforeAll(async () => {
    t = await createTradingApp({ PROTECTION_POLL_MS: '0', BINANCE_STREAMS: 'off' }, `target-protection-${mode}`);
    monitor = t.app.get(ProtectionMonitor);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    t.fake.reset();
    await control(t.fake, 'position-mode', { dualSidePosition: hedge });
    t.fake.engine.setPrice('BTCUSDT', '50000');
  });

  const side = hedge ? 'LONG' : 'BOTH';
  const send = async (body: Body, status = 200) =>
    (
      await t.http
        .post(ADVANCED)
        .send({ symbol: 'BTCUSDT', id: `tp-${mode}-${++n}`, ...body })
        .expect(status)
    ).body as Body & { id: string };
  /** Open algo orders as [code, type, quantity, trigger], the signal id left out. */
  const open = () =>
    (t.fake.engine.openAlgoOrders({ symbol: 'BTCUSDT' }) as OpenAlgo[])
      .map((o) => [o.clientAlgoId.replace(/^tvb_\w+?_/, ''), o.orderType, o.quantity, o.triggerPrice])
      .sort((a, b) => a[0].localeCompare(b[0]));
  const price = async (p: string) => {
    t.fake.engine.setPrice('BTCUSDT', p);
    await allSettled(t.db.url);
    await monitor.pollAll();
  };

  it('a partial exit re-fits the ladder and trailing stop, recorded and then followed', async () => {
    const entry = await send({
      action: 'buy',
      balance_percentage: 0.1,
      leverage: 10,
      stop_loss: 49000,
      take_profits: [
        { price: 51000, size_percent: 50 },
        { price: 52000, size_percent: 50 },
      ],
      trailing_stop: { callback_rate: 1 },
    });
    await allSettled(t.db.url);
    const exit = await send({ action: 'close', close_percentage: 40 });
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([[side, '0.120']]);
    expect(open()).toEqual([
      ['sl', 'STOP_MARKET', '0.000', '49000.00'],
      ['tp1-r1', 'TAKE_PROFIT_MARKET', '0.060', '51000.00'],
      ['tp2-r1', 'TAKE_PROFIT_MARKET', '0.060', '52000.00'],
      ['ts-r1', 'TRAILING_STOP_MARKET', '0.120', '0.00'],
    ]);
    expect((exit.resized_algo_orders as Body[]).map((r) => [r.type, r.from_quantity, r.to_quantity])).toEqual([
      ['TAKE_PROFIT_MARKET', 0.1, 0.06],
      ['TAKE_PROFIT_MARKET', 0.1, 0.06],
      ['TRAILING_STOP_MARKET', 0.2, 0.12],
    ]);
    const rows = await protectiveRows(t.db.url, entry.id);
    expect(rows.filter((r) => r.status === 'NEW').map((r) => [r.clientAlgoId.split('_')[2], r.replacesId])).toEqual([
      ['sl', null],
      ['tp1-r1', `tvb_${entry.id}_tp1`],
      ['tp2-r1', `tvb_${entry.id}_tp2`],
      ['ts-r1', `tvb_${entry.id}_ts`],
    ]);
    // Followed: the first re-fitted target fills, is recorded, and the trailing stop follows the position down.
    await price('51000');
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([[side, '0.060']]);
    const after = await protectiveRows(t.db.url, entry.id);
    expect(after.find((r) => r.clientAlgoId.endsWith('tp1-r1'))).toMatchObject({ status: 'FINISHED' });
    expect(open().map((o) => [o[0], o[2]])).toEqual([
      ['sl', '0.000'],
      ['tp2-r1', '0.060'],
      ['ts-r2', '0.060'],
    ]);
  });

  it("a partial exit re-places the trader's own quantity-based stop in proportion, recorded and followed", async () => {
    t.fake.engine.newOrder({ symbol: 'BTCUSDT', side: 'BUY', positionSide: side, type: 'MARKET', quantity: '0.2' });
    t.fake.engine.newAlgoOrder({
      algoType: 'CONDITIONAL',
      symbol: 'BTCUSDT',
      side: 'SELL',
      positionSide: side,
      type: 'STOP_MARKET',
      quantity: '0.2',
      triggerPrice: '49000',
      clientAlgoId: 'my_own_stop',
      ...(hedge ? {} : { reduceOnly: 'true' }),
    });
    const exit = await send({ action: 'close', close_percentage: 50 });
    expect(open()).toEqual([['pr1', 'STOP_MARKET', '0.100', '49000.00']]);
    const [row] = await protectiveRows(t.db.url, exit.id);
    expect(row).toMatchObject({
      kind: 'STOP_LOSS',
      status: 'NEW',
      quantity: '0.100000000000000000',
      positionSide: side,
    });
    expect(row.note).toMatch(/was my_own_stop, not placed by this service/);
    await price('48900');
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([]);
    expect((await protectiveRows(t.db.url, exit.id))[0]).toMatchObject({ status: 'FINISHED' });
  });

  it('a target that opens or adds carries its protection, replaced on an add, re-fitted on a reduction', async () => {
    const opened = await send({
      market_position: 'long',
      market_position_size: '0.3',
      stop_loss: { percent: 2 },
      take_profit: 52000,
    });
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([[side, '0.300']]);
    expect(opened.protection).toEqual([
      expect.objectContaining({ kind: 'stop_loss', trigger_price: 49000, quantity: 'whole position' }),
      expect.objectContaining({ kind: 'take_profit', trigger_price: 52000, quantity: 0.3 }),
    ]);
    expect(open()).toEqual([
      ['sl', 'STOP_MARKET', '0.000', '49000.00'],
      ['tp1', 'TAKE_PROFIT_MARKET', '0.300', '52000.00'],
    ]);
    await allSettled(t.db.url);
    expect((await protectiveRows(t.db.url, opened.id)).map((r) => [r.kind, r.status])).toEqual([
      ['STOP_LOSS', 'NEW'],
      ['TAKE_PROFIT', 'NEW'],
    ]);

    // An add: the side's protection now covers 0.5, the earlier orders replaced.
    const added = await send({
      market_position: 'long',
      market_position_size: '0.5',
      stop_loss: 48000,
      take_profit: 53000,
    });
    expect(open()).toEqual([
      ['sl', 'STOP_MARKET', '0.000', '48000.00'],
      ['tp1', 'TAKE_PROFIT_MARKET', '0.500', '53000.00'],
    ]);
    expect(open().length).toBe(2);
    expect(added.protection).toHaveLength(2);
    await allSettled(t.db.url);
    expect((await protectiveRows(t.db.url, opened.id)).map((r) => r.status)).toEqual(['CANCELED', 'CANCELED']);

    // A reduction (the strategy's exit): no protection placed, and said so; the target re-fitted to 0.2.
    const reduced = await send({ market_position: 'long', market_position_size: '0.2', stop_loss: 47000 });
    expect(reduced.note).toMatch(/not placed: the target opens or adds nothing/);
    expect(open()).toEqual([
      ['sl', 'STOP_MARKET', '0.000', '48000.00'],
      ['tp1-r1', 'TAKE_PROFIT_MARKET', '0.200', '53000.00'],
    ]);

    // Flat: the close flow cancels all of it.
    await send({ market_position: 'flat', stop_loss: 47000 });
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([]);
    expect(open()).toEqual([]);
  });

  it('a target whose trigger is on the wrong side is refused before any order', async () => {
    const refused = await send({ market_position: 'long', market_position_size: '0.3', stop_loss: 51000 }, 422);
    expect(refused.error).toMatch(/stop_loss 51000 must be below the current price 50000 for a long/);
    expect(orderRequestsTo(t.fake)).toEqual([]);
  });

  it('Swagger documents every field of the protection answers (trade, target, and the failure)', async () => {
    const doc = (
      await t.raw.get('/api/docs-json').set('Authorization', 'Bearer test-admin-token-0123456789').expect(200)
    ).body as {
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    const fields = (schema: string) => Object.keys(doc.components.schemas[schema].properties);
    const documented = (schema: string, answer: Body) => {
      const missing = Object.keys(answer).filter((key) => !fields(schema).includes(key));
      expect([schema, missing]).toEqual([schema, []]);
    };
    const entry = {
      action: 'buy',
      balance_percentage: 0.1,
      leverage: 10,
      stop_loss: 49000.04,
      take_profits: [
        { price: 51000, size_percent: 50 },
        { price: 52000, size_percent: 50 },
      ],
      trailing_stop: { callback_rate: 1, activation_price: 51500 },
      break_even: true,
    };
    const trade = await send(entry);
    documented('TradeResponseDto', trade);
    documented('CalculationDetailsDto', trade.calculation_details as Body);
    for (const order of trade.protection as Body[]) documented('ProtectiveOrderDto', order);
    const added = await send({ ...entry, action: 'buy' });
    documented('TradeResponseDto', added);
    expect(added.replaced_protection).toHaveLength(4);

    const target = await send({ market_position: 'short', market_position_size: '0.1', stop_loss: 51000 });
    documented('TargetResponseDto', target);

    await control(t.fake, 'fail', { path: '/fapi/v1/algoOrder', method: 'POST', code: -2021, count: 3 });
    const failed = await send({ market_position: 'long', market_position_size: '0.1', stop_loss: 49000 }, 422);
    // A target's failure answer carries the target's details too (documented with TargetResponseDto).
    const details = fields('TargetResponseDto').filter((f) => !fields('ErrorResponseDto').includes(f));
    documented('ErrorResponseDto', Object.fromEntries(Object.entries(failed).filter(([k]) => !details.includes(k))));
    expect(failed.protection).toBeDefined();
    documented('ProtectionFailureDto', failed.protection_failure as Body);
  });

  it('working_type alone asks for nothing: refused, on targets and buy/sell alike', async () => {
    for (const body of [
      { market_position: 'long', market_position_size: '0.3', working_type: 'CONTRACT_PRICE' },
      { action: 'buy', balance_percentage: 0.1, leverage: 10, working_type: 'MARK_PRICE' },
    ]) {
      const refused = await send(body, 422);
      expect(refused.error).toMatch(/working_type: says which price triggers .* none was given/);
    }
    expect(orderRequestsTo(t.fake)).toEqual([]);
  });
});
