/**
 * The fake serves several Binance accounts, one per API key, as Binance does:
 * each key's requests act on its own balance, positions, orders and settings
 * (through the real binance-api-node client), request weight is shared (one
 * IP), and a revoked or unknown key is refused as Binance refuses it.
 */
import Decimal from 'decimal.js';
import { BinanceFuturesExchange } from '../../src/exchange/binance/binance-futures.exchange';
import { ExchangeError } from '../../src/exchange/exchange-error';
import { FakeBinanceServer } from '../fake-binance/fake-binance-server';
import { binanceSettings, control, startFakeBinance } from '../support/exchange-harness';

describe('fake Binance: several accounts, one per API key', () => {
  let fake: FakeBinanceServer;
  const adapters: BinanceFuturesExchange[] = [];
  beforeAll(async () => {
    fake = await startFakeBinance();
  });
  afterAll(async () => {
    for (const adapter of adapters) adapter.stop();
    await fake.stop();
  });
  beforeEach(() => fake.reset());

  async function adapterFor(apiKey: string, apiSecret: string): Promise<BinanceFuturesExchange> {
    const adapter = new BinanceFuturesExchange(binanceSettings(fake, { apiKey, apiSecret }));
    adapters.push(adapter);
    await adapter.start();
    return adapter;
  }

  it('keeps each account apart: balance, positions and settings', async () => {
    await control(fake, 'accounts', { apiKey: 'alice-key', apiSecret: 'alice-secret', walletUsdt: '2500' });
    await control(fake, 'accounts', { apiKey: 'bob-key', apiSecret: 'bob-secret', walletUsdt: '700' });
    const main = await adapterFor(fake.apiKey, fake.apiSecret);
    const alice = await adapterFor('alice-key', 'alice-secret');
    const bob = await adapterFor('bob-key', 'bob-secret');

    expect((await main.usdtBalance()).wallet.toString()).toBe('10000');
    expect((await alice.usdtBalance()).wallet.toString()).toBe('2500');
    expect((await bob.usdtBalance()).wallet.toString()).toBe('700');

    await alice.setLeverage('BTCUSDT', 7);
    await alice.placeOrder({
      symbol: 'BTCUSDT',
      side: 'BUY',
      positionSide: 'BOTH',
      type: 'MARKET',
      quantity: new Decimal('0.010'),
      clientOrderId: 'alice-1',
    });
    expect((await alice.positions('BTCUSDT')).positions).toHaveLength(1);
    expect((await bob.positions('BTCUSDT')).positions).toHaveLength(0);
    expect((await main.positions('BTCUSDT')).positions).toHaveLength(0);
    // The same client order id is free on another account.
    await expect(bob.findOrder('BTCUSDT', 'alice-1')).resolves.toBeUndefined();

    const accounts = (await control(fake, 'accounts')) as Array<{ apiKey: string; settings: object; positions: [] }>;
    expect(accounts.map((a) => a.apiKey)).toEqual([fake.apiKey, 'alice-key', 'bob-key']);
    expect(accounts[1].settings).toMatchObject({ BTCUSDT: { leverage: 7 } });
    expect(accounts[1].positions).toHaveLength(1);
    expect(accounts[2].positions).toHaveLength(0);

    await control(fake, 'balance', { apiKey: 'bob-key', amount: '900' });
    expect((await bob.usdtBalance()).wallet.toString()).toBe('900');
  });

  it('a price set through the control API moves every account', async () => {
    await control(fake, 'accounts', { apiKey: 'alice-key', apiSecret: 'alice-secret' });
    await control(fake, 'price', { symbol: 'BTCUSDT', price: '61234.5' });
    const alice = await adapterFor('alice-key', 'alice-secret');
    expect(fake.accounts.get('alice-key')!.engine.priceOf('BTCUSDT').toString()).toBe('61234.5');
    expect((await alice.price('BTCUSDT')).price.toString()).toBe('61234.5');
  });

  it("accounts reading a symbol's price at once share one request; a later read asks again", async () => {
    await control(fake, 'accounts', { apiKey: 'alice-key', apiSecret: 'alice-secret' });
    await control(fake, 'accounts', { apiKey: 'bob-key', apiSecret: 'bob-secret' });
    const alice = await adapterFor('alice-key', 'alice-secret');
    const bob = await adapterFor('bob-key', 'bob-secret');
    await control(fake, 'price', { symbol: 'ETHUSDT', price: '3000' });
    fake.requests = [];
    const quotes = await Promise.all([alice.price('ETHUSDT'), bob.price('ETHUSDT'), alice.price('BTCUSDT')]);
    expect(quotes.map((q) => q.symbol)).toEqual(['ETHUSDT', 'ETHUSDT', 'BTCUSDT']);
    expect(quotes[1].price.toString()).toBe('3000');
    const priceReads = () => fake.requests.filter((r) => r.path.endsWith('/ticker/price'));
    expect(priceReads().map((r) => r.params.symbol)).toEqual(['ETHUSDT', 'BTCUSDT']);
    await control(fake, 'price', { symbol: 'ETHUSDT', price: '3100' });
    expect((await bob.price('ETHUSDT')).price.toString()).toBe('3100');
    expect(priceReads()).toHaveLength(3);
  });

  it('a revoked key is refused with -2015 (HTTP 401) on its account only; restoring it works again', async () => {
    await control(fake, 'accounts', { apiKey: 'alice-key', apiSecret: 'alice-secret' });
    await control(fake, 'accounts', { apiKey: 'bob-key', apiSecret: 'bob-secret' });
    const alice = await adapterFor('alice-key', 'alice-secret');
    const bob = await adapterFor('bob-key', 'bob-secret');
    await control(fake, 'accounts/revoke', { apiKey: 'alice-key' });
    const refused = await alice.usdtBalance().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ExchangeError);
    expect((refused as ExchangeError).code).toBe(-2015);
    expect(fake.requests.at(-1)).toMatchObject({ path: '/fapi/v2/balance', status: 401 });
    await expect(bob.usdtBalance()).resolves.toBeDefined();
    await control(fake, 'accounts/revoke', { apiKey: 'alice-key', revoked: false });
    await expect(alice.usdtBalance()).resolves.toBeDefined();
  });

  it('an unknown key is -2015 and a malformed one -2014, as on Binance', async () => {
    const stranger = await adapterFor('nobody-key', 'nobody-secret').catch(() => undefined);
    const unknown = await (stranger ?? new BinanceFuturesExchange(binanceSettings(fake, { apiKey: 'nobody-key' })))
      .usdtBalance()
      .catch((error: unknown) => error);
    expect((unknown as ExchangeError).code).toBe(-2015);
    const response = await fetch(`${fake.url}/fapi/v2/balance?timestamp=${Date.now()}&signature=x`, {
      headers: { 'X-MBX-APIKEY': 'not a key!' },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: -2014, msg: 'API-key format invalid.' });
  });

  it('a fault can target one account; reset removes the added accounts', async () => {
    await control(fake, 'accounts', { apiKey: 'alice-key', apiSecret: 'alice-secret' });
    const main = await adapterFor(fake.apiKey, fake.apiSecret);
    const alice = await adapterFor('alice-key', 'alice-secret');
    await control(fake, 'fail', { path: '/fapi/v2/balance', code: -2015, count: 1, apiKey: 'alice-key' });
    await expect(main.usdtBalance()).resolves.toBeDefined();
    expect(((await alice.usdtBalance().catch((e: unknown) => e)) as ExchangeError).code).toBe(-2015);
    await expect(alice.usdtBalance()).resolves.toBeDefined();
    await control(fake, 'reset', {});
    expect(((await alice.usdtBalance().catch((e: unknown) => e)) as ExchangeError).code).toBe(-2015);
  });

  it('refuses an account without a key or secret, and revoking a key it does not serve', async () => {
    const bad = await fetch(`${fake.url}/__control/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiKey: 'x' }),
    });
    expect(bad.status).toBe(400);
    await expect(control(fake, 'accounts/revoke', { apiKey: 'ghost' })).rejects.toThrow('HTTP 404');
  });
});
