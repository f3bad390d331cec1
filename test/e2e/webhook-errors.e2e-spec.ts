/**
 * The documented error table, row by row, through HTTP: the answer's status and
 * shape, the recorded signal, and (for bad input) that no order was sent.
 */
import { control } from '../support/exchange-harness';
import { orderRequestsTo } from '../support/fake-state';
import { orderRows, signalRow, latestSignal } from '../support/records';
import { createTradingApp, TradingTestApp } from '../support/test-app';

const ADVANCED = '/api/binance/advanced-trading-webhook';
const BUY = { symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5, entry: 50000 };

describe('webhook errors', () => {
  let t: TradingTestApp;
  beforeAll(async () => {
    t = await createTradingApp({}, 'errors');
  });
  afterAll(() => t.close());
  beforeEach(() => t.fake.reset());

  function expectDocumentedErrorShape(body: Record<string, unknown>): void {
    expect(body.success).toBe(false);
    expect(typeof body.error).toBe('string');
    expect(Array.isArray(body.suggestions)).toBe(true);
    expect((body.suggestions as string[]).length).toBeGreaterThan(0);
    expect(body).toHaveProperty('webhook_data');
  }

  it('Insufficient balance: the exchange refuses the margin (-2019) → 422', async () => {
    t.fake.engine.wallet = t.fake.engine.wallet.mul(0).add(1000);
    // Half the wallet is already margin on ETHUSDT: 90% of it as margin does not fit.
    const eth = { symbol: 'ETHUSDT', action: 'buy', balance_percentage: 0.5, leverage: 10 };
    await t.http.post(ADVANCED).send(eth).expect(200);
    t.fake.requests = [];
    const res = await t.http
      .post(ADVANCED)
      .send({ ...BUY, balance_percentage: 0.9, leverage: 10 })
      .expect(422);
    expectDocumentedErrorShape(res.body);
    expect(res.body.error).toBe('Binance API error (Code -2019): Margin is insufficient.');
    expect(res.body.suggestions).toContain('Reduce balance_percentage or leverage');
    expect(res.body.webhook_data).toEqual({ ...BUY, balance_percentage: 0.9, leverage: 10 });
    expect(await signalRow(t.db.url, res.body.id)).toMatchObject({
      status: 'FAILED',
      errorCode: '-2019',
      httpStatus: 422,
    });
    const [order] = await orderRows(t.db.url, res.body.id);
    expect(order).toMatchObject({ purpose: 'OPEN', status: 'FAILED', errorCode: -2019 });
  });

  it('Invalid symbol → 400 with the closest valid symbols, no order', async () => {
    const res = await t.http
      .post(ADVANCED)
      .send({ ...BUY, symbol: 'BTCUSDX' })
      .expect(400);
    expectDocumentedErrorShape(res.body);
    expect(res.body.error).toMatch(/^Invalid symbol: BTCUSDX/);
    expect(res.body.suggestions[0]).toMatch(/Did you mean .*BTCUSDT/);
    expect(await signalRow(t.db.url, res.body.id)).toMatchObject({
      status: 'REJECTED',
      errorCode: 'INVALID_SYMBOL',
      httpStatus: 400,
      rawSymbol: 'BTCUSDX',
    });
    expect(orderRequestsTo(t.fake)).toEqual([]);
  });

  it('Invalid symbol: a non-perpetual or non-trading contract is refused too', async () => {
    await t.http
      .post(ADVANCED)
      .send({ ...BUY, symbol: 'BTCUSDT_261225' })
      .expect(400);
    await t.http
      .post(ADVANCED)
      .send({ ...BUY, symbol: 'LUNAUSDT' })
      .expect(400);
    expect(orderRequestsTo(t.fake)).toEqual([]);
  });

  it('Invalid balance_percentage → 422 naming the field and the range, no order', async () => {
    const res = await t.http
      .post(ADVANCED)
      .send({ ...BUY, balance_percentage: 1.5 })
      .expect(422);
    expectDocumentedErrorShape(res.body);
    expect(res.body.error).toBe(
      'Invalid balance_percentage: balance_percentage is a fraction of the balance from 0.01 to 1.0 ' +
        '(got 1.5, which would be 150%): for 1.5% use 0.015 or "1.5%"',
    );
    expect(res.body.suggestions).toContain('Use 0.015 (a fraction: 1.5% of the balance), or "1.5%"');
    expect(await signalRow(t.db.url, res.body.id)).toMatchObject({
      status: 'REJECTED',
      errorCode: 'VALIDATION',
      httpStatus: 422,
    });
    expect(orderRequestsTo(t.fake)).toEqual([]);
  });

  it.each([
    [{ ...BUY, leverage: 200 }, 'leverage must be an integer from 1 to 125'],
    [{ ...BUY, action: 'hold' }, 'action must be buy, sell or close'],
    [{ ...BUY, entry: 0 }, 'entry must be a number greater than 0'],
    [
      { symbol: 'BTCUSDT', action: 'buy', leverage: 5 },
      'Exactly one sizing field is needed for buy and sell: balance_percentage, quantity, usdt or risk_percentage',
    ],
  ])('refuses %j with 422: %s', async (body, message) => {
    const res = await t.http.post(ADVANCED).send(body).expect(422);
    expect(res.body.error).toContain(message);
    expect(orderRequestsTo(t.fake)).toEqual([]);
  });

  it("a leverage above the symbol's own maximum is refused by the exchange (-4028) → 422", async () => {
    const res = await t.http
      .post(ADVANCED)
      .send({ symbol: 'DOGEUSDT', action: 'buy', balance_percentage: 0.1, leverage: 100 })
      .expect(422);
    expect(res.body.error).toBe('Binance API error (Code -4028): Leverage 100 is not valid');
    expect(res.body.suggestions[0]).toMatch(/within the symbol's maximum/);
    expect(orderRequestsTo(t.fake)).toEqual([]);
  });

  it('Precision error (-1111) → 422 with its suggestion, and the rules are refreshed', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const before = t.fake.requests.filter((r) => r.path === '/fapi/v1/exchangeInfo').length;
    await control(t.fake, 'fail', {
      path: '/fapi/v1/order',
      count: 1,
      code: -1111,
      msg: 'Precision is over the maximum defined for this asset.',
    });
    const res = await t.http.post(ADVANCED).send(BUY).expect(422);
    expect(res.body.error).toBe(
      'Binance API error (Code -1111): Precision is over the maximum defined for this asset.',
    );
    expect(res.body.suggestions[0]).toMatch(/auto-handled/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(t.fake.requests.filter((r) => r.path === '/fapi/v1/exchangeInfo').length).toBe(before + 1);
  });

  it('Market price moved (-4131) → 422, retry suggested', async () => {
    await control(t.fake, 'fail', { path: '/fapi/v1/order', count: 1, code: -4131 });
    const res = await t.http.post(ADVANCED).send(BUY).expect(422);
    expect(res.body.suggestions).toContain('Market price moved: retry the request');
  });

  it('below the minimum notional → 422 with the numbers and the smallest balance_percentage, no order', async () => {
    t.fake.engine.wallet = t.fake.engine.wallet.mul(0).add(500);
    const res = await t.http
      .post(ADVANCED)
      .send({ ...BUY, balance_percentage: 0.01, leverage: 1 })
      .expect(422);
    expect(res.body.error).toMatch(/below the minimum/);
    expect(res.body.suggestions[0]).toMatch(/Even 100%|Use balance_percentage/);
    expect(await signalRow(t.db.url, res.body.id)).toMatchObject({
      status: 'FAILED',
      errorCode: 'SIZING_BELOW_MIN_QUANTITY',
    });
    expect(orderRequestsTo(t.fake)).toEqual([]);
  });

  it('an exchange answering 503 to the order and its re-send → 503, the order recorded as not executed', async () => {
    // Both meet a 503; each is looked up until Binance could no longer execute it, and never found.
    await control(t.fake, 'fail', { path: '/fapi/v1/order', method: 'POST', count: 2, status: 503 });
    const res = await t.http.post(ADVANCED).send(BUY).expect(503);
    expectDocumentedErrorShape(res.body);
    const [order] = await orderRows(t.db.url, res.body.id);
    expect(order.status).toBe('FAILED');
    expect((order as unknown as { note: string }).note).toMatch(/: sent again\. .*: not executed$/);
    expect(orderRequestsTo(t.fake)).toHaveLength(2);
  });

  it.each([
    ['not json at all', 'Invalid JSON in request body'],
    ['{"symbol": "BTCUSDT", "action": "buy",', 'Invalid JSON in request body'],
    ['["buy"]', 'The request body must be a JSON object'],
    ['', 'Empty request body'],
  ])('refuses the body %j with 400 and records it', async (body, message) => {
    const res = await t.http.post(ADVANCED).set('Content-Type', 'text/plain').send(body).expect(400);
    expectDocumentedErrorShape(res.body);
    expect(res.body.error).toContain(message);
    const signal = await signalRow(t.db.url, res.body.id);
    expect(signal.status).toBe('REJECTED');
    expect(signal.payload).toEqual({ raw: body });
    expect(orderRequestsTo(t.fake)).toEqual([]);
  });

  it.each([
    ['an unquoted placeholder', '{"symbol":"BTCUSDT","action":"buy","entry": {{close}},"secret":"SECRET"}'],
    ['text before the JSON', 'alert: {"secret": "SECRET", "symbol":"BTCUSDT","action":"buy"}'],
    ['a trailing comma', '{"symbol":"BTCUSDT","action":"buy","secret":"SECRET",}'],
  ])(
    'invalid JSON carrying the secret (%s) is answered as invalid JSON, with the placeholder advice',
    async (_, body) => {
      const res = await t.raw
        .post(ADVANCED)
        .set('Content-Type', 'text/plain')
        .send(body.replace('SECRET', t.secret))
        .expect(400);
      expect(res.body.error).toMatch(/^Invalid JSON in request body/);
      expect(res.body.suggestions).toContain(
        'In TradingView, placeholders such as {{close}} must produce numbers or be quoted',
      );
      expect(JSON.stringify(res.body)).not.toContain(t.secret);
      expect(await signalRow(t.db.url, res.body.id)).toMatchObject({ status: 'REJECTED', authenticated: true });
      // A wrong secret in the same text is still 401, recorded as unauthenticated.
      const wrong = await t.raw.post(ADVANCED).set('Content-Type', 'text/plain').send(body).expect(401);
      expect(wrong.body.error).toBe('Unauthorized: the webhook secret is wrong');
      expect(await signalRow(t.db.url, wrong.body.id)).toMatchObject({ status: 'REJECTED', authenticated: false });
    },
  );

  it('malformed JSON sent as application/json is recorded too, never a 500', async () => {
    const res = await t.http.post(ADVANCED).set('Content-Type', 'application/json').send('{"symbol":').expect(400);
    expect(res.body.success).toBe(false);
    // The refusal is recorded just after the answer: wait for its row before asking which is latest.
    await signalRow(t.db.url, res.body.id);
    expect((await latestSignal(t.db.url)).id).toBe(res.body.id);
  });
});

describe('Client not configured: keys Binance does not accept', () => {
  let t: TradingTestApp;
  beforeAll(async () => {
    t = await createTradingApp({ BINANCE_API_KEY: 'not-the-key' }, 'badkeys');
  });
  afterAll(() => t.close());

  it('answers 502 with -2015 and how to configure credentials', async () => {
    const res = await t.http.post(ADVANCED).send(BUY).expect(502);
    expect(res.body.error).toMatch(/^Binance API error \(Code -2015\): Invalid API-key, IP, or permissions for action/);
    expect(res.body.suggestions).toContain('Configure via /api/binance/config');
    expect(await signalRow(t.db.url, res.body.id)).toMatchObject({
      status: 'FAILED',
      errorCode: '-2015',
      httpStatus: 502,
    });
  });
});
