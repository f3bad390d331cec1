/**
 * The endpoints every Binance client uses besides ours, served by the fake
 * from the same simulated account in Binance's shapes, over real HTTP and
 * signed where Binance requires it.
 */
import { FakeBinanceServer } from '../fake-binance/fake-binance-server';
import { startFakeBinance } from '../support/exchange-harness';
import { publicRequest, signedRequest } from '../support/signed-request';

describe('fake Binance: the rest of the account surface', () => {
  let fake: FakeBinanceServer;
  beforeAll(async () => {
    fake = await startFakeBinance();
  });
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());

  const post = (params: Record<string, string>) =>
    signedRequest(fake, 'POST', '/fapi/v1/order', { symbol: 'BTCUSDT', newOrderRespType: 'RESULT', ...params });

  it('DELETE /fapi/v1/order cancels a resting order by id or client id; anything else is -2011', async () => {
    const limit = (
      await post({
        side: 'BUY',
        type: 'LIMIT',
        quantity: '0.01',
        price: '40000',
        timeInForce: 'GTC',
        newClientOrderId: 'rest-1',
      })
    ).body;
    await post({
      side: 'BUY',
      type: 'LIMIT',
      quantity: '0.01',
      price: '40001',
      timeInForce: 'GTC',
      newClientOrderId: 'rest-2',
    });
    const byId = await signedRequest(fake, 'DELETE', '/fapi/v1/order', {
      symbol: 'BTCUSDT',
      orderId: String(limit.orderId),
    });
    expect(byId).toMatchObject({
      status: 200,
      body: { orderId: limit.orderId, status: 'CANCELED', clientOrderId: 'rest-1', type: 'LIMIT' },
    });
    const byClient = await signedRequest(fake, 'DELETE', '/fapi/v1/order', {
      symbol: 'BTCUSDT',
      origClientOrderId: 'rest-2',
    });
    expect(byClient.body).toMatchObject({ status: 'CANCELED', clientOrderId: 'rest-2' });
    expect(fake.engine.openOrders({})).toEqual([]);
    const again = await signedRequest(fake, 'DELETE', '/fapi/v1/order', {
      symbol: 'BTCUSDT',
      orderId: String(limit.orderId),
    });
    expect(again).toMatchObject({ status: 400, body: { code: -2011, msg: 'Unknown order sent.' } });
    const filled = (await post({ side: 'BUY', type: 'MARKET', quantity: '0.01' })).body;
    expect(
      (await signedRequest(fake, 'DELETE', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId: String(filled.orderId) }))
        .body.code,
    ).toBe(-2011);
    const unsigned = await fetch(`${fake.url}/fapi/v1/order?symbol=BTCUSDT&orderId=1`, {
      method: 'DELETE',
      headers: { 'X-MBX-APIKEY': fake.apiKey },
    });
    expect(unsigned.status).toBe(400);
  });

  it('GET /fapi/v1/allOrders lists the symbol’s orders, oldest first, from orderId and within limit', async () => {
    const ids: number[] = [];
    for (const quantity of ['0.01', '0.02', '0.03'])
      ids.push((await post({ side: 'BUY', type: 'MARKET', quantity })).body.orderId);
    await signedRequest(fake, 'POST', '/fapi/v1/order', {
      symbol: 'ETHUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '1',
    });
    const all = await signedRequest(fake, 'GET', '/fapi/v1/allOrders', { symbol: 'BTCUSDT' });
    expect(all.status).toBe(200);
    expect(all.body.map((o: { orderId: number }) => o.orderId)).toEqual(ids);
    expect(all.body[0]).toMatchObject({ symbol: 'BTCUSDT', status: 'FILLED', type: 'MARKET', origQty: '0.010' });
    expect(
      (await signedRequest(fake, 'GET', '/fapi/v1/allOrders', { symbol: 'BTCUSDT', orderId: String(ids[1]) })).body,
    ).toHaveLength(2);
    expect(
      (await signedRequest(fake, 'GET', '/fapi/v1/allOrders', { symbol: 'BTCUSDT', limit: '1' })).body.map(
        (o: { orderId: number }) => o.orderId,
      ),
    ).toEqual([ids[2]]);
    expect((await signedRequest(fake, 'GET', '/fapi/v1/allOrders', {})).body.code).toBe(-1102);
  });

  it('GET /fapi/v3/positionRisk omits flat symbols and has no leverage or margin type', async () => {
    expect((await signedRequest(fake, 'GET', '/fapi/v3/positionRisk')).body).toEqual([]);
    await post({ side: 'SELL', type: 'MARKET', quantity: '0.1' });
    fake.engine.setPrice('BTCUSDT', '49000');
    const rows = (await signedRequest(fake, 'GET', '/fapi/v3/positionRisk')).body;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      symbol: 'BTCUSDT',
      positionSide: 'BOTH',
      positionAmt: '-0.100',
      entryPrice: '50000',
      markPrice: '49000',
      unRealizedProfit: '100.00000000',
      notional: '-4900.00000000',
      marginAsset: 'USDT',
      positionInitialMargin: '250.00000000',
      maintMargin: '19.60000000',
    });
    for (const field of ['leverage', 'marginType', 'maxNotionalValue', 'isAutoAddMargin'])
      expect(rows[0]).not.toHaveProperty(field);
    // v2 still lists every symbol, with leverage and margin type.
    const v2 = (await signedRequest(fake, 'GET', '/fapi/v2/positionRisk')).body;
    expect(v2.length).toBeGreaterThan(1);
    expect(v2[0]).toHaveProperty('leverage');
  });

  it('GET /fapi/v1/symbolConfig shows margin type, leverage and the notional cap', async () => {
    fake.engine.setLeverage({ symbol: 'ETHUSDT', leverage: '10' });
    fake.engine.setMarginType({ symbol: 'ETHUSDT', marginType: 'ISOLATED' });
    const one = await signedRequest(fake, 'GET', '/fapi/v1/symbolConfig', { symbol: 'ETHUSDT' });
    expect(one).toMatchObject({
      status: 200,
      body: [
        {
          symbol: 'ETHUSDT',
          marginType: 'ISOLATED',
          isAutoAddMargin: 'false',
          leverage: 10,
          maxNotionalValue: '2000000', // ETHUSDT's leverage bracket at 10x
        },
      ],
    });
    const all = (await signedRequest(fake, 'GET', '/fapi/v1/symbolConfig')).body;
    expect(all.find((c: { symbol: string }) => c.symbol === 'BTCUSDT')).toMatchObject({
      marginType: 'CROSSED',
      leverage: 20,
    });
  });

  it('GET /fapi/v1/userTrades and /fapi/v1/income show each fill, its commission and realised PnL', async () => {
    const open = (await post({ side: 'BUY', type: 'MARKET', quantity: '0.1' })).body;
    fake.engine.setPrice('BTCUSDT', '51000');
    const close = (await post({ side: 'SELL', type: 'MARKET', quantity: '0.1', reduceOnly: 'true' })).body;
    const trades = (await signedRequest(fake, 'GET', '/fapi/v1/userTrades', { symbol: 'BTCUSDT' })).body;
    expect(trades).toEqual([
      expect.objectContaining({
        orderId: open.orderId,
        side: 'BUY',
        buyer: true,
        price: '50000',
        qty: '0.100',
        quoteQty: '5000',
        // Binance's default 0.05% taker fee (src/exchange/fees.ts) on 5000 USDT.
        commission: '2.50000000',
        commissionAsset: 'USDT',
        realizedPnl: '0.00000000',
        maker: false,
      }),
      expect.objectContaining({
        orderId: close.orderId,
        side: 'SELL',
        buyer: false,
        price: '51000',
        realizedPnl: '100.00000000',
        commission: '2.55000000',
      }),
    ]);
    expect(
      (await signedRequest(fake, 'GET', '/fapi/v1/userTrades', { symbol: 'BTCUSDT', orderId: String(close.orderId) }))
        .body,
    ).toHaveLength(1);
    expect(
      (await signedRequest(fake, 'GET', '/fapi/v1/userTrades', { symbol: 'BTCUSDT', fromId: '1', startTime: '1' })).body
        .code,
    ).toBe(-1106);

    const income = (await signedRequest(fake, 'GET', '/fapi/v1/income', {})).body;
    expect(income.map((i: { incomeType: string; income: string }) => [i.incomeType, i.income])).toEqual([
      ['COMMISSION', '-2.50000000'],
      ['REALIZED_PNL', '100.00000000'],
      ['COMMISSION', '-2.55000000'],
    ]);
    expect(income[0]).toMatchObject({ symbol: 'BTCUSDT', asset: 'USDT', tradeId: String(trades[0].id) });
    const pnl = (await signedRequest(fake, 'GET', '/fapi/v1/income', { incomeType: 'REALIZED_PNL' })).body;
    expect(pnl).toHaveLength(1);
    const week = 7 * 24 * 3_600_000;
    expect(
      (
        await signedRequest(fake, 'GET', '/fapi/v1/income', {
          startTime: String(Date.now() - 2 * week),
          endTime: String(Date.now()),
        })
      ).body.code,
    ).toBe(-1127);
  });

  it('GET /fapi/v1/depth (public) answers a book around the price, Binance’s limits only', async () => {
    fake.engine.setPrice('BTCUSDT', '50000.05');
    const book = await publicRequest(fake, '/fapi/v1/depth', { symbol: 'BTCUSDT', limit: '5' });
    expect(book.status).toBe(200);
    expect(book.body).toMatchObject({ lastUpdateId: expect.any(Number), E: expect.any(Number), T: expect.any(Number) });
    expect(book.body.bids.map((b: string[]) => b[0])).toEqual([
      '50000.00',
      '49999.90',
      '49999.80',
      '49999.70',
      '49999.60',
    ]);
    expect(book.body.asks.map((a: string[]) => a[0])).toEqual([
      '50000.10',
      '50000.20',
      '50000.30',
      '50000.40',
      '50000.50',
    ]);
    for (const [, qty] of [...book.body.bids, ...book.body.asks]) expect(Number(qty)).toBeGreaterThan(0);
    expect(book.headers.get('x-mbx-used-weight-1m')).not.toBeNull();
    expect((await publicRequest(fake, '/fapi/v1/depth', { symbol: 'BTCUSDT' })).body.bids).toHaveLength(500);
    expect((await publicRequest(fake, '/fapi/v1/depth', { symbol: 'BTCUSDT', limit: '7' })).body.code).toBe(-1100);
    expect((await publicRequest(fake, '/fapi/v1/depth', { symbol: 'NOPEUSDT' })).body.code).toBe(-1121);
  });
});
