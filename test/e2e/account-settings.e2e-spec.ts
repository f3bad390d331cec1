/**
 * Account settings Binance enforces and the service must respect: Multi-Assets
 * mode (no ISOLATED margin, -4168), no lowering the leverage of an open
 * isolated position (-4161), and the leverage bracket's position limit
 * (-2027), which sizing caps before anything is sent.
 */
import { control } from '../support/exchange-harness';
import { orderRequestsTo, positionsOf } from '../support/fake-state';
import { calculationRow, orderRows, signalRow } from '../support/records';
import { createTradingApp, TradingTestApp } from '../support/test-app';

const ADVANCED = '/api/binance/advanced-trading-webhook';
const ISOLATED_BUY = { action: 'buy', balance_percentage: 0.1, margin_type: 'ISOLATED' };
const CROSSED_125X = { action: 'buy', leverage: 125, margin_type: 'CROSSED' };

describe('account settings', () => {
  let t: TradingTestApp;
  beforeAll(async () => {
    t = await createTradingApp({ DEFAULT_MARGIN_TYPE: 'ISOLATED' }, 'accountsettings');
  });
  afterAll(() => t.close());
  beforeEach(() => t.fake.reset());

  const send = (body: Record<string, unknown>) => t.http.post(ADVANCED).send({ symbol: 'BTCUSDT', ...body });
  const marginTypeRequests = () => t.fake.requests.filter((r) => r.path === '/fapi/v1/marginType');

  describe('Multi-Assets mode', () => {
    beforeEach(async () => {
      await control(t.fake, 'multi-assets', { multiAssetsMargin: true });
    });

    it('trades CROSSED instead of the default ISOLATED, with a note in the answer and the record', async () => {
      const res = await send({ action: 'buy', balance_percentage: 0.1, leverage: 5 }).expect(200);
      expect(res.body.trade.margin_type).toBe('CROSSED');
      expect(res.body.trade.note).toMatch(/Multi-Assets mode/);
      expect((await signalRow(t.db.url, res.body.id)).note).toMatch(/Multi-Assets mode/);
      expect(marginTypeRequests().map((r) => r.params.marginType)).not.toContain('ISOLATED');
      expect(t.fake.engine.setting('BTCUSDT').marginType).toBe('CROSSED');
      expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([['BOTH', '0.100']]);
    });

    it('refuses a signal that asked for ISOLATED itself with a clear 422, recorded, and no order', async () => {
      const res = await send({ ...ISOLATED_BUY, leverage: 5 }).expect(422);
      expect(res.body.error).toMatch(/Multi-Assets mode/);
      expect(res.body.suggestions.join(' ')).toMatch(/CROSSED/);
      expect(orderRequestsTo(t.fake)).toEqual([]);
      expect(marginTypeRequests()).toEqual([]);
      const row = await signalRow(t.db.url, res.body.id);
      expect(row).toMatchObject({ status: 'REJECTED', httpStatus: 422, errorCode: 'MARGIN_TYPE_UNAVAILABLE' });
    });

    it('reads the mode once and keeps it, like the position mode', async () => {
      await send({ action: 'buy', balance_percentage: 0.1, leverage: 5 }).expect(200);
      await send({ action: 'buy', balance_percentage: 0.1, leverage: 5 }).expect(200);
      expect(t.fake.requests.filter((r) => r.path === '/fapi/v1/multiAssetsMargin').length).toBeLessThanOrEqual(1);
    });
  });

  it('lowering the leverage of an open isolated position (-4161): a clear 422 with advice, no order', async () => {
    await control(t.fake, 'multi-assets', { multiAssetsMargin: false });
    await send({ ...ISOLATED_BUY, leverage: 20 }).expect(200);
    t.fake.requests = [];
    const res = await send({ ...ISOLATED_BUY, leverage: 5 }).expect(422);
    expect(res.body.error).toMatch(/Code -4161/);
    expect(res.body.error).toMatch(/uses 20x; the signal asked for 5x/);
    expect(res.body.suggestions[0]).toMatch(/leverage 20 or more/);
    expect(orderRequestsTo(t.fake)).toEqual([]);
    expect(await signalRow(t.db.url, res.body.id)).toMatchObject({ status: 'FAILED', errorCode: '-4161' });
  });

  describe('leverage brackets', () => {
    it("caps the quantity at the bracket's limit before anything is sent, and records it", async () => {
      // 10000 × 0.5 × 125 ÷ 50000 = 12.5 BTC; BTCUSDT at 125x allows 50,000 USDT of position: 1 BTC.
      const res = await send({ ...CROSSED_125X, balance_percentage: 0.5 }).expect(200);
      expect(res.body.trade.quantity).toBe(1);
      expect(res.body.trade.quantity_capped).toMatch(/50000 USDT .*125x/);
      expect(res.body.calculation_details.max_notional_usdt).toBe(50000);
      expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([['BOTH', '1.000']]);
      expect(await calculationRow(t.db.url, res.body.id)).toMatchObject({
        capped: true,
        cappedBy: 'max-notional',
        maxNotional: '50000.000000000000000000',
        quantity: '1.000000000000000000',
      });
      expect((await orderRows(t.db.url, res.body.id)).map((o) => o.status)).toEqual(['FILLED']);
    });

    it('counts the position already held: with no room left the signal is a clear 422 and sends no order', async () => {
      await send({ ...CROSSED_125X, balance_percentage: 0.5 }).expect(200);
      t.fake.requests = [];
      const res = await send({ ...CROSSED_125X, balance_percentage: 0.1 }).expect(422);
      expect(res.body.error).toMatch(/leverage bracket/);
      expect(res.body.suggestions[0]).toMatch(/Lower the leverage/);
      expect(orderRequestsTo(t.fake)).toEqual([]);
    });

    it('serves GET /fapi/v1/leverageBracket in Binance shape', async () => {
      type Answer = { symbol: string; brackets: Array<Record<string, number>> };
      const brackets = t.fake.engine.leverageBracket('BTCUSDT') as Answer;
      expect(brackets.symbol).toBe('BTCUSDT');
      const first = { bracket: 1, initialLeverage: 125, notionalCap: 50000, notionalFloor: 0, cum: 0 };
      expect(brackets.brackets[0].maintMarginRatio).toBe(0.004);
      expect(brackets.brackets[0]).toMatchObject(first);
      expect(brackets.brackets[1]).toMatchObject({ bracket: 2, initialLeverage: 100, notionalFloor: 50000, cum: 50 });
      expect(brackets.brackets[3]).toMatchObject({ initialLeverage: 20, notionalCap: 20000000, cum: 46300 });
    });
  });
});
