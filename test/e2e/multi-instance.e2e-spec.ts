/**
 * Two instances of the service on one database and one exchange account:
 * the Postgres advisory lock makes signals for the same symbol run one after
 * the other across instances, while different symbols still run together;
 * and with the streams on, neither trades on its own streamed state while the
 * other is there (the other's fills reach it only through the stream).
 */
import { LiveAccountStateService } from '../../src/positions/account-state/live-account-state.service';
import { control, liveModeAgainst, startFakeBinance } from '../support/exchange-harness';
import { positionsOf } from '../support/fake-state';
import { eventually, pause } from '../support/stream-client';
import { FakeBinanceServer } from '../fake-binance/fake-binance-server';
import { createTestApp, TestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const L = 150;

describe('two instances', () => {
  let fake: FakeBinanceServer;
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    fake = await startFakeBinance();
    db = await createTestDatabase('multi');
    const env = {
      DATABASE_URL: db.url,
      ...liveModeAgainst(fake),
      WEBHOOK_SECRET: 'multi-secret',
      ADMIN_TOKEN: 'multi-admin-token-0123456789',
    };
    a = await createTestApp(env, 'multi-a');
    b = await createTestApp(env, 'multi-b');
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await fake.stop();
    await db.drop();
  });

  const send = (app: TestApp, body: object) =>
    app.http
      .post('/api/binance/advanced-trading-webhook?token=multi-secret')
      .send(body)
      .then((r) => r);
  const balanceReads = () => fake.requests.filter((r) => r.path === '/fapi/v2/balance').map((r) => r.receivedAt);

  it('serialises one symbol across instances', async () => {
    await control(fake, 'latency', { ms: L });
    fake.requests = [];
    const [first, second] = await Promise.all([
      send(a, { symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 }),
      send(b, { symbol: 'BTCUSDT', action: 'sell', balance_percentage: 0.1, leverage: 5 }),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    const [r1, r2] = balanceReads().sort((x, y) => x - y);
    // The second signal's reads start only after the first signal's reads and order (two round trips).
    expect(r2 - r1).toBeGreaterThanOrEqual(2 * L - 10);
  });

  it('reads over REST while another instance shares the account (its fills come late by stream)', async () => {
    await control(fake, 'latency', { ms: 0 });
    for (const app of [a, b]) {
      const live = app.app.get(LiveAccountStateService);
      await eventually(() => live.health().staleReason === 'other-instances', 5000, 'the other instance seen');
    }
    // The stream is slower than the next signal (as it can be on Binance).
    await control(fake, 'stream/delay', { ms: 400 });
    for (let i = 0; i < 3; i++) {
      await pause(1500); // mark prices in: each instance's state would be fresh on its own
      await send(a, { symbol: 'LINKUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 });
      const close = await send(b, { symbol: 'LINKUSDT', action: 'close' });
      expect(close.body.message).not.toMatch(/nothing to close/i);
      expect(positionsOf(fake, 'LINKUSDT')).toEqual([]);
    }
    await control(fake, 'stream/delay', { ms: 0 });
    await control(fake, 'latency', { ms: L });
  });

  it('runs different symbols in parallel across instances', async () => {
    fake.requests = [];
    await Promise.all([
      send(a, { symbol: 'ETHUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 }),
      send(b, { symbol: 'SOLUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 }),
    ]);
    const [r1, r2] = balanceReads().sort((x, y) => x - y);
    expect(r2 - r1).toBeLessThan(L);
  });
});
