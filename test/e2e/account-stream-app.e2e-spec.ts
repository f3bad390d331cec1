/**
 * The service holds the account stream from boot: live against the fake
 * (listenKey made, WebSocket connected, events of a signal's order received),
 * paper from the simulated account, none with BINANCE_STREAMS=off, and it
 * follows the credentials endpoint's switch to new keys without a restart.
 */
import type { AccountStreamEvent } from '../../src/exchange/streams/account-stream-events';
import { ACCOUNT_STREAM, AccountStream } from '../../src/exchange/streams/account-stream.port';
import { FakeBinanceServer } from '../fake-binance/fake-binance-server';
import { liveModeAgainst, startFakeBinance } from '../support/exchange-harness';
import { eventually } from '../support/stream-client';
import { createTestApp, TestApp } from '../support/test-app';

const SECRET = 'stream-secret';
const TOKEN = 'stream-admin-token-0123456789';
const ENCRYPTION_KEY = '3f9c1e7a5b2d8046e1c9a7f35b0d2e84c6a1f9e3075bd2c48e16a9f03d7b5c21';

describe('account stream in the running service', () => {
  let fake: FakeBinanceServer;
  const apps: TestApp[] = [];
  beforeAll(async () => {
    fake = await startFakeBinance();
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await fake.stop();
  });

  const boot = async (env: Record<string, string>, label: string) => {
    const app = await createTestApp({ WEBHOOK_SECRET: SECRET, ADMIN_TOKEN: TOKEN, ...env }, label);
    apps.push(app);
    const stream = app.app.get<AccountStream>(ACCOUNT_STREAM);
    const events: AccountStreamEvent[] = [];
    stream.events$.subscribe((e) => events.push(e));
    return { app, stream, events };
  };
  const buy = (app: TestApp, symbol = 'BTCUSDT') =>
    app.http
      .post(`/api/binance/advanced-trading-webhook?token=${SECRET}`)
      .send({ symbol, action: 'buy', balance_percentage: 0.1, leverage: 5 })
      .expect(200);
  const keyRequests = () => fake.requests.filter((r) => r.path === '/fapi/v1/listenKey');

  it('live: connects at boot and receives the fills of the orders it sends', async () => {
    fake.reset();
    const { app, stream, events } = await boot(liveModeAgainst(fake), 'stream-live');
    await eventually(() => stream.health().connected, 5000, 'connected');
    expect(keyRequests().map((r) => r.method)).toContain('POST');
    const answer = await buy(app);
    await eventually(() => events.some((e) => e.type === 'order' && e.executionType === 'TRADE'), 3000, 'fill');
    const fill = events.find((e) => e.type === 'order' && e.executionType === 'TRADE');
    expect(fill).toMatchObject({ symbol: 'BTCUSDT', side: 'BUY' });
    expect(JSON.stringify(answer.body)).toContain(fill!.type === 'order' ? fill!.clientOrderId : '');
  });

  it('paper: the simulated account pushes the same events', async () => {
    const { app, stream, events } = await boot({}, 'stream-paper');
    expect(stream.health()).toMatchObject({ enabled: true, connected: true });
    await buy(app, 'ETHUSDT');
    expect(events.filter((e) => e.type === 'order').map((e) => e.type === 'order' && e.executionType)).toContain(
      'TRADE',
    );
  });

  it('BINANCE_STREAMS=off: no listenKey, no connection, health says off', async () => {
    fake.reset();
    const { app, stream } = await boot({ ...liveModeAgainst(fake), BINANCE_STREAMS: 'off' }, 'stream-off');
    await buy(app, 'SOLUSDT');
    expect(stream.health()).toEqual({ enabled: false, connected: false, reconnects: 0 });
    expect(keyRequests()).toEqual([]);
  });

  it('follows a switch of credentials: the stream moves to the new account', async () => {
    const { app, stream, events } = await boot(
      { BINANCE_FUTURES_URL: fake.url, CONFIG_ENCRYPTION_KEY: ENCRYPTION_KEY },
      'stream-switch',
    );
    expect(stream.health().connected).toBe(true);
    await app.http
      .post('/api/binance/config')
      .set('Authorization', `Bearer ${TOKEN}`)
      .send({ api_key: fake.apiKey, api_secret: fake.apiSecret, mode: 'live' })
      .expect(200);
    await eventually(() => events.filter((e) => e.type === 'connection' && e.connected).length >= 1, 5000, 'switched');
    const connections = events.filter((e) => e.type === 'connection');
    expect(connections[0]).toMatchObject({ connected: false, reason: 'exchange switched' });
    expect(connections[1]).toMatchObject({ connected: true, gapSince: expect.any(Number) });
    await eventually(() => stream.health().connected, 5000, 'connected to Binance');
    await buy(app, 'BNBUSDT');
    await eventually(
      () => events.some((e) => e.type === 'order' && e.symbol === 'BNBUSDT'),
      3000,
      'fill on the new account',
    );
  });
});
