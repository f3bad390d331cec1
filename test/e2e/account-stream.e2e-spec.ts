/**
 * The service's account stream against the fake Binance (real binance-api-node
 * REST for the listenKey, real WebSocket): typed events, keepalive, expiry,
 * reconnects with a reported gap, renewal before the 24-hour cut without a
 * missed event, mark-price resubscription, and the paper engine's stream
 * giving the same events.
 */
import Decimal from 'decimal.js';
import { BinanceFuturesExchange } from '../../src/exchange/binance/binance-futures.exchange';
import { FuturesEngine } from '../../src/exchange/paper/futures-engine';
import type { AccountStreamEvent, OrderUpdateEvent } from '../../src/exchange/streams/account-stream-events';
import { BinanceAccountStream } from '../../src/exchange/streams/binance/binance-account.stream';
import { PaperAccountStream } from '../../src/exchange/streams/paper-account.stream';
import { FakeBinanceServer } from '../fake-binance/fake-binance-server';
import { binanceSettings, control, startFakeBinance } from '../support/exchange-harness';
import { eventually, pause } from '../support/stream-client';

describe('account stream (Binance adapter against the fake)', () => {
  let fake: FakeBinanceServer;
  let adapter: BinanceFuturesExchange;
  let stream: BinanceAccountStream | undefined;
  let events: AccountStreamEvent[];

  beforeAll(async () => {
    fake = await startFakeBinance();
    adapter = new BinanceFuturesExchange(binanceSettings(fake));
    await adapter.start();
  });
  afterAll(async () => {
    adapter.stop();
    await fake.stop();
  });
  beforeEach(async () => {
    fake.reset();
    fake.streams.listenKeys.clear();
    await control(fake, 'stream/settings', { listenKeyValidityMs: 3_600_000, connectionLifetimeMs: 86_400_000 });
  });
  afterEach(async () => {
    await stream?.stop();
    stream = undefined;
  });

  const start = async (settings: Partial<{ keepAliveMs: number; renewAfterMs: number }> = {}) => {
    stream = new BinanceAccountStream(adapter, {
      baseUrl: fake.url.replace('http', 'ws'),
      keepAliveMs: 60_000,
      renewAfterMs: 3_600_000,
      ...settings,
    });
    events = [];
    stream.events$.subscribe((e) => events.push(e));
    await stream.start();
    await eventually(() => stream!.health().connected, 3000, 'connected');
    return stream;
  };
  let orderCount = 0;
  const buy = (quantity = '0.01', clientOrderId = `stream-${++orderCount}`) =>
    adapter.placeOrder({
      symbol: 'BTCUSDT',
      side: 'BUY',
      positionSide: 'BOTH',
      type: 'MARKET',
      quantity: new Decimal(quantity),
      clientOrderId,
    });
  const trades = () => events.filter((e): e is OrderUpdateEvent => e.type === 'order' && e.executionType === 'TRADE');
  const requests = (method: string) =>
    fake.requests.filter((r) => r.path === '/fapi/v1/listenKey' && r.method === method);
  const connections = () => events.filter((e) => e.type === 'connection');

  it('delivers typed events, money as Decimal, with connection health', async () => {
    await start();
    expect(connections()).toEqual([
      { type: 'connection', connected: true, at: expect.any(Number), gapSince: undefined },
    ]);
    await buy('0.01', 'tvb-stream-1');
    await eventually(() => trades().length === 1, 3000, 'fill');
    const fill = trades()[0];
    expect(fill).toMatchObject({
      clientOrderId: 'tvb-stream-1',
      symbol: 'BTCUSDT',
      side: 'BUY',
      orderStatus: 'FILLED',
      commissionAsset: 'USDT',
    });
    expect(fill.lastFilledQuantity).toBeInstanceOf(Decimal);
    expect(fill.lastFilledQuantity.toString()).toBe('0.01');
    expect(fill.lastFilledPrice.toString()).toBe('50000');
    expect(fill.commission.toString()).toBe('0.25');
    expect(fill.tradeId).toMatch(/^\d+$/);
    const account = events.find((e) => e.type === 'account');
    expect(account).toMatchObject({
      reason: 'ORDER',
      positions: [expect.objectContaining({ symbol: 'BTCUSDT', positionSide: 'BOTH', marginType: 'CROSSED' })],
    });
    const health = stream!.health();
    expect(health).toMatchObject({ enabled: true, connected: true, reconnects: 0 });
    expect(health.lastEventAt).toBeGreaterThanOrEqual(health.connectedSince!);
  });

  it('keeps the listenKey alive (PUT) so it never expires, and closes it (DELETE) on stop', async () => {
    await control(fake, 'stream/settings', { listenKeyValidityMs: 600 });
    await start({ keepAliveMs: 200 });
    await pause(1500);
    expect(requests('PUT').length).toBeGreaterThanOrEqual(5);
    expect(events.some((e) => e.type === 'listenKeyExpired')).toBe(false);
    await buy();
    await eventually(() => trades().length === 1, 3000, 'fill after keepalives');
    await stream!.stop();
    stream = undefined;
    expect(requests('DELETE')).toHaveLength(1);
    await eventually(() => fake.streams.stats().connections.length === 0, 2000, 'closed');
    expect(fake.streams.stats().listenKeys).toBe(0);
  });

  it('listenKeyExpired: a new key and connection at once, the gap reported, events flowing again', async () => {
    await start();
    const firstKey = requests('POST').length;
    await control(fake, 'stream/expire-listen-key', {});
    await eventually(() => connections().length === 3, 3000, 'reconnected');
    expect(connections()[1]).toMatchObject({ connected: false, reason: 'listenKeyExpired' });
    expect(connections()[2]).toMatchObject({ connected: true, gapSince: expect.any(Number) });
    expect(requests('POST').length).toBe(firstKey + 1);
    expect(stream!.health()).toMatchObject({
      connected: true,
      reconnects: 1,
      lastGap: { from: expect.any(Number), to: expect.any(Number) },
    });
    await buy();
    await eventually(() => trades().length === 1, 3000, 'fill on the new key');
  });

  it('a key Binance no longer knows (-1125 on keepalive) is replaced', async () => {
    await start({ keepAliveMs: 150 });
    fake.streams.listenKeys.expire(fake.apiKey);
    await eventually(() => connections().length === 3, 3000, 'reconnected after -1125');
    expect(connections()[1]).toMatchObject({ connected: false, reason: 'listenKeyExpired' });
    await buy();
    await eventually(() => trades().length === 1, 3000, 'fill on the new key');
  });

  it('a cut connection reconnects with backoff and says since when events may be missing', async () => {
    await start();
    await control(fake, 'stream/cut', {});
    await eventually(() => connections().length === 3, 5000, 'reconnected');
    const [, lost, back] = connections() as Array<{ at: number; gapSince?: number; reason?: string }>;
    expect(lost).toMatchObject({ connected: false, reason: 'closed' });
    expect(back.gapSince).toBe(lost.at);
    expect(back.at - lost.at).toBeGreaterThanOrEqual(200);
    // Cut again at once: the backoff grows only while attempts fail, so it is short again.
    await buy();
    await eventually(() => trades().length === 1, 3000, 'fill after reconnect');
  });

  it('renews each connection before the 24-hour cut without missing or repeating an event', async () => {
    await start({ renewAfterMs: 250 });
    for (let i = 0; i < 20; i++) {
      await buy('0.01', `renew-${i}`);
      await pause(50);
    }
    await eventually(() => trades().length === 20, 3000, 'all fills');
    await pause(200);
    expect(trades().map((t) => t.clientOrderId)).toEqual(Array.from({ length: 20 }, (_, i) => `renew-${i}`));
    expect(stream!.health().reconnects).toBeGreaterThanOrEqual(2);
    expect(connections().filter((c) => c.type === 'connection' && !c.connected)).toEqual([]);
    await eventually(() => fake.streams.stats().connections.length === 1, 2000, 'old connections closed');
  });

  it('streams mark prices for the symbols watched, again after a reconnect', async () => {
    await start();
    stream!.watchMarkPrices(['BTCUSDT']);
    await eventually(
      () => fake.streams.stats().connections.some((c) => c.streams.includes('btcusdt@markPrice@1s')),
      3000,
      'subscribed',
    );
    await control(fake, 'price', { symbol: 'BTCUSDT', price: '51000.5' });
    const priced = (e: AccountStreamEvent) => e.type === 'markPrice' && e.markPrice.eq('51000.5');
    await eventually(() => events.some(priced), 3000, 'mark price');
    expect(events.find(priced)).toMatchObject({
      symbol: 'BTCUSDT',
      markPrice: new Decimal('51000.5'),
    });
    await control(fake, 'stream/cut', {});
    await eventually(
      () => fake.streams.stats().connections.some((c) => c.streams.includes('btcusdt@markPrice@1s')),
      5000,
      'resubscribed',
    );
    await control(fake, 'price', { symbol: 'BTCUSDT', price: '52000' });
    await eventually(
      () => events.some((e) => e.type === 'markPrice' && e.markPrice.eq(52000)),
      3000,
      'mark price after reconnect',
    );
  });
});

describe('account stream (paper engine)', () => {
  it('gives the same typed events from the simulated account, in-process', async () => {
    const engine = new FuturesEngine({ walletUsdt: '10000' });
    const stream = new PaperAccountStream(engine.stream);
    const events: AccountStreamEvent[] = [];
    stream.events$.subscribe((e) => events.push(e));
    await stream.start();
    stream.watchMarkPrices(['ETHUSDT']);
    engine.newOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01', newClientOrderId: 'paper-1' });
    engine.setLeverage({ symbol: 'BTCUSDT', leverage: '5' });
    engine.setPrice('ETHUSDT', '3000');
    engine.setPrice('BTCUSDT', '51000');
    expect(events.map((e) => e.type)).toEqual(['connection', 'order', 'account', 'order', 'config', 'markPrice']);
    expect(events[3]).toMatchObject({
      executionType: 'TRADE',
      clientOrderId: 'paper-1',
      lastFilledQuantity: new Decimal('0.01'),
    });
    expect(events[4]).toMatchObject({ symbol: 'BTCUSDT', leverage: 5 });
    expect(stream.health()).toMatchObject({ enabled: true, connected: true });
    await stream.stop();
    engine.setPrice('ETHUSDT', '3100');
    expect(events).toHaveLength(6);
  });
});
