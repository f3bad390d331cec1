/**
 * The fake authenticates every form of signed request Binance accepts, not
 * only binance-api-node's: parameters and signature in the query string, in
 * an application/x-www-form-urlencoded body (ccxt, the official connectors),
 * or split between the two with the signature over query string + body.
 * Requests are signed by hand with node's crypto.
 */
import { FakeBinanceServer } from '../fake-binance/fake-binance-server';
import { startFakeBinance } from '../support/exchange-harness';
import { signedRequest, SignedForm } from '../support/signed-request';

describe('fake Binance: signed requests in every form Binance accepts', () => {
  let fake: FakeBinanceServer;
  beforeAll(async () => {
    fake = await startFakeBinance();
  });
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());

  const forms: SignedForm[] = ['query', 'body', 'mixed'];

  it.each(forms)('places an order signed in the %s', async (form) => {
    const answer = await signedRequest(
      fake,
      'POST',
      '/fapi/v1/order',
      { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01', newClientOrderId: `form-${form}` },
      form,
    );
    expect(answer).toMatchObject({
      status: 200,
      body: { status: 'FILLED', clientOrderId: `form-${form}`, executedQty: '0.010' },
    });
  });

  it.each(forms)('cancels with a DELETE signed in the %s', async (form) => {
    fake.engine.newOrder({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      quantity: '0.01',
      price: '40000',
      timeInForce: 'GTC',
    });
    const answer = await signedRequest(fake, 'DELETE', '/fapi/v1/allOpenOrders', { symbol: 'BTCUSDT' }, form);
    expect(answer).toMatchObject({ status: 200, body: { code: 200 } });
    expect(fake.engine.openOrders({})).toEqual([]);
  });

  it.each(forms)('refuses a %s signature made with another secret (-1022) and places nothing', async (form) => {
    const answer = await signedRequest(
      fake,
      'POST',
      '/fapi/v1/order',
      { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01' },
      form,
      'other-secret',
    );
    expect(answer).toEqual(
      expect.objectContaining({ status: 400, body: { code: -1022, msg: 'Signature for this request is not valid.' } }),
    );
    expect(fake.engine.orders.size).toBe(0);
  });

  it('takes the query string value of a parameter sent in both query and body', async () => {
    const timestamp = String(Date.now());
    const query = `symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01&timestamp=${timestamp}`;
    const body = 'quantity=0.02';
    const { createHmac } = await import('node:crypto');
    const signature = createHmac('sha256', fake.apiSecret)
      .update(query + body)
      .digest('hex');
    const response = await fetch(`${fake.url}/fapi/v1/order?${query}`, {
      method: 'POST',
      headers: { 'X-MBX-APIKEY': fake.apiKey, 'content-type': 'application/x-www-form-urlencoded' },
      body: `${body}&signature=${signature}`,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ origQty: '0.010' });
  });
});
