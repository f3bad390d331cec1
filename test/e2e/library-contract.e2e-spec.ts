/**
 * What the Binance adapter relies on in binance-api-node, pinned: the version
 * installed is the exact one package.json names, and the client still calls
 * the endpoints (and reads the shapes) the adapter was written against.
 * Recorded on the fake, which logs every path it receives, served or not: a
 * library upgrade that moved positionRisk to v3 (no leverage, no margin type,
 * no flat symbols) or stopped routing conditional orders to the Algo Order
 * service fails here, before it reaches a trader.
 */
import Binance from 'binance-api-node';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Decimal from 'decimal.js';
import { BinanceFuturesExchange } from '../../src/exchange/binance/binance-futures.exchange';
import type { OrderRequest } from '../../src/exchange/exchange.port';
import { FakeBinanceServer } from '../fake-binance/fake-binance-server';
import { binanceSettings, control, startFakeBinance } from '../support/exchange-harness';

const root = path.resolve(__dirname, '..', '..');
const json = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8'));

describe('binance-api-node contract', () => {
  let fake: FakeBinanceServer;
  let adapter: BinanceFuturesExchange;
  beforeAll(async () => {
    fake = await startFakeBinance();
    adapter = new BinanceFuturesExchange(binanceSettings(fake));
    await adapter.start();
    await adapter.leverageBrackets('BTCUSDT'); // the background load, settled before the first test resets the log
  });
  afterAll(async () => {
    adapter.stop();
    await fake.stop();
  });
  beforeEach(() => fake.reset());

  const calls = () => fake.requests.map((r) => `${r.method} ${r.path}`);

  it('is pinned to an exact version, in package.json and the lockfile, and that version is installed', () => {
    const wanted = json('package.json').dependencies['binance-api-node'];
    expect(wanted).toMatch(/^\d+\.\d+\.\d+$/);
    const lock = json('package-lock.json');
    expect(lock.packages[''].dependencies['binance-api-node']).toBe(wanted);
    expect(lock.packages['node_modules/binance-api-node'].version).toBe(wanted);
    expect(json('node_modules/binance-api-node/package.json').version).toBe(wanted);
  });

  it('reads positions from /fapi/v2/positionRisk, with leverage and margin type per symbol', async () => {
    await control(fake, 'symbol-settings', { symbol: 'ETHUSDT', leverage: 7, marginType: 'ISOLATED' });
    const eth = await adapter.positions('ETHUSDT');
    expect(calls()).toEqual(['GET /fapi/v2/positionRisk']);
    // Flat symbols included (v3 omits them): leverage and margin type come from these rows.
    expect(eth).toMatchObject({ leverage: 7, marginType: 'ISOLATED', mode: 'one-way', positions: [] });
  });

  it('reads the balance from /fapi/v2/balance', async () => {
    expect((await adapter.usdtBalance()).wallet.toString()).toBe('10000');
    expect(calls()).toEqual(['GET /fapi/v2/balance']);
  });

  it('sends orders to /fapi/v1/order, batches to /fapi/v1/batchOrders, lookups to GET /fapi/v1/order', async () => {
    const order: OrderRequest = {
      symbol: 'BTCUSDT',
      side: 'BUY',
      positionSide: 'BOTH',
      type: 'MARKET',
      quantity: new Decimal('0.01'),
      clientOrderId: 'lib-1',
    };
    await adapter.placeOrder(order);
    await adapter.placeBatchOrders([
      { ...order, clientOrderId: 'lib-2' },
      { ...order, clientOrderId: 'lib-3' },
    ]);
    await adapter.findOrder('BTCUSDT', 'lib-1');
    expect(calls()).toEqual(['POST /fapi/v1/order', 'POST /fapi/v1/batchOrders', 'GET /fapi/v1/order']);
    expect(fake.requests[0].params).toMatchObject({ newClientOrderId: 'lib-1', newOrderRespType: 'RESULT' });
  });

  it('reads account settings where the service expects them', async () => {
    await adapter.positionMode();
    await adapter.multiAssetsMode();
    await adapter.fetchBrackets();
    await adapter.setLeverage('BTCUSDT', 10);
    await adapter.setMarginType('BTCUSDT', 'ISOLATED');
    expect(calls()).toEqual([
      'GET /fapi/v1/positionSide/dual',
      'GET /fapi/v1/multiAssetsMargin',
      'GET /fapi/v1/leverageBracket',
      'POST /fapi/v1/leverage',
      'POST /fapi/v1/marginType',
    ]);
  });

  it('routes conditional order types to the Algo Order service, and regular ones not', async () => {
    const options = { apiKey: fake.apiKey, apiSecret: fake.apiSecret, httpFutures: fake.url };
    const client = Binance(options) as unknown as {
      futuresOrder(p: Record<string, unknown>): Promise<unknown>;
      futuresOpenOrders(p: Record<string, unknown>): Promise<unknown>;
      futuresCancelAllOpenOrders(p: Record<string, unknown>): Promise<unknown>;
    };
    const settle = (p: Promise<unknown>) => p.catch(() => undefined); // the answer does not matter here, the path does
    for (const type of ['STOP_MARKET', 'TAKE_PROFIT_MARKET', 'STOP', 'TAKE_PROFIT', 'TRAILING_STOP_MARKET']) {
      const conditional = { symbol: 'BTCUSDT', side: 'SELL', type, quantity: '0.01', stopPrice: '40000' };
      Object.assign(conditional, { price: '40000' });
      await settle(client.futuresOrder({ ...conditional, callbackRate: '1' }));
    }
    await settle(client.futuresOpenOrders({ symbol: 'BTCUSDT', conditional: true }));
    await settle(client.futuresCancelAllOpenOrders({ symbol: 'BTCUSDT', conditional: true }));
    await settle(client.futuresOpenOrders({ symbol: 'BTCUSDT' }));
    await settle(client.futuresCancelAllOpenOrders({ symbol: 'BTCUSDT' }));
    expect(calls()).toEqual([
      ...Array(5).fill('POST /fapi/v1/algoOrder'),
      'GET /fapi/v1/openAlgoOrders',
      'DELETE /fapi/v1/algoOpenOrders',
      'GET /fapi/v1/openOrders',
      'DELETE /fapi/v1/allOpenOrders',
    ]);
  });
});
