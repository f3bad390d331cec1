/**
 * Protection follow-ups driven by the account stream, in both position modes:
 * with no polling at all (PROTECTION_POLL_MS=0), a take profit that fills is
 * recorded and the stop moved to break-even as soon as Binance's ALGO_UPDATE
 * arrives, and the stop filling leaves the ladder cancelled. With the streams
 * off the same fills wait for the monitor's poll.
 */
import { ACCOUNT_STREAM, AccountStream } from '../../src/exchange/streams/account-stream.port';
import { ProtectionMonitor } from '../../src/trading/protection/protection-monitor';
import { control } from '../support/exchange-harness';
import { positionsOf } from '../support/fake-state';
import { allSettled, protectiveRows } from '../support/records';
import { eventually, pause } from '../support/stream-client';
import { createTradingApp, TradingTestApp } from '../support/test-app';

const ADVANCED = '/api/binance/advanced-trading-webhook';
const ENTRY = {
  symbol: 'BTCUSDT',
  action: 'buy',
  balance_percentage: 0.1,
  leverage: 10,
  stop_loss: 49000,
  take_profits: [
    { price: 51000, size_percent: 50 },
    { price: 52000, size_percent: 50 },
  ],
  break_even: true,
};

describe.each([
  ['one-way', false],
  ['hedge', true],
])('protection followed from the account stream (%s mode)', (mode, hedge) => {
  let t: TradingTestApp;
  beforeAll(async () => {
    t = await createTradingApp({ PROTECTION_POLL_MS: '0' }, `protection-stream-${mode}`);
    const stream = t.app.get<AccountStream>(ACCOUNT_STREAM);
    await eventually(() => stream.health().connected, 5000, 'stream connected');
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    t.fake.reset();
    await control(t.fake, 'position-mode', { dualSidePosition: hedge });
    t.fake.engine.setPrice('BTCUSDT', '50000');
  });

  const statuses = async (id: string) =>
    Object.fromEntries((await protectiveRows(t.db.url, id)).map((r) => [r.clientAlgoId.split('_')[2], r.status]));
  const until = async (id: string, what: string, done: (s: Record<string, string>) => boolean) => {
    for (let waited = 0; waited < 10_000; waited += 50) {
      if (done(await statuses(id))) return;
      await pause(50);
    }
    throw new Error(`${what}: ${JSON.stringify(await statuses(id))}`);
  };

  it('a target fill moves the stop to break-even and the stop fill cancels the rest, with no poll', async () => {
    const id = ((await t.http.post(ADVANCED).send(ENTRY).expect(200)).body as { id: string }).id;
    await allSettled(t.db.url);
    t.fake.engine.setPrice('BTCUSDT', '51000');
    await until(id, 'target 1 recorded and the stop moved', (s) => s.tp1 === 'FINISHED' && s['sl-be'] === 'NEW');
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([[hedge ? 'LONG' : 'BOTH', '0.100']]);
    t.fake.engine.setPrice('BTCUSDT', '50000');
    await until(id, 'stop filled, ladder cancelled', (s) => s['sl-be'] === 'FINISHED' && s.tp2 === 'CANCELED');
    expect(positionsOf(t.fake, 'BTCUSDT')).toEqual([]);
    expect(t.fake.engine.openAlgoOrders({ symbol: 'BTCUSDT' })).toEqual([]);
  });
});

describe('protection without the account stream', () => {
  let t: TradingTestApp;
  beforeAll(async () => {
    t = await createTradingApp({ PROTECTION_POLL_MS: '0', BINANCE_STREAMS: 'off' }, 'protection-no-stream');
  });
  afterAll(() => t.close());

  it('waits for the poll', async () => {
    t.fake.engine.setPrice('BTCUSDT', '50000');
    const id = ((await t.http.post(ADVANCED).send(ENTRY).expect(200)).body as { id: string }).id;
    await allSettled(t.db.url);
    t.fake.engine.setPrice('BTCUSDT', '51000');
    await pause(500);
    const before = await protectiveRows(t.db.url, id);
    expect(before.find((r) => r.clientAlgoId.endsWith('_tp1'))?.status).toBe('NEW');
    await t.app.get(ProtectionMonitor).pollAll();
    const after = await protectiveRows(t.db.url, id);
    expect(after.find((r) => r.clientAlgoId.endsWith('_tp1'))?.status).toBe('FINISHED');
    expect(after.find((r) => r.clientAlgoId.endsWith('_sl-be'))?.status).toBe('NEW');
  });
});
