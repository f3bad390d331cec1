/**
 * Stream faults during bursts of buy / close / sell on one symbol: the stream
 * delayed, events dropped mid-burst, the listenKey expired, the connection
 * cut, the signals trading on the streamed account state whenever it is fresh
 * (ACCOUNT_STATE's default). Each burst ends in the position the last signal asked for, with no
 * duplicate order, and every fill recorded exactly once (what the stream
 * lost is read back from the trade history).
 */
import { AccountEventsRecorder } from '../../src/account-events/account-events.recorder';
import { ACCOUNT_STREAM, AccountStream } from '../../src/exchange/streams/account-stream.port';
import { FakeBinanceServer } from '../fake-binance/fake-binance-server';
import { control, liveModeAgainst, startFakeBinance } from '../support/exchange-harness';
import { signedRequest } from '../support/signed-request';
import { eventually } from '../support/stream-client';
import { createTestApp, TestApp } from '../support/test-app';
import { query } from '../support/test-database';

const SECRET = 'faults-secret';
const HOOK = `/api/binance/advanced-trading-webhook?token=${SECRET}`;
const ACTIONS = ['buy', 'close', 'sell', 'buy', 'sell', 'close', 'buy', 'close', 'sell'];

describe('account events under stream faults', () => {
  let fake: FakeBinanceServer;
  let t: TestApp;

  beforeAll(async () => {
    fake = await startFakeBinance();
    t = await createTestApp(
      { ...liveModeAgainst(fake), WEBHOOK_SECRET: SECRET, ADMIN_TOKEN: 'faults-admin-token-0123456789' },
      'stream-faults',
    );
    await eventually(() => t.app.get<AccountStream>(ACCOUNT_STREAM).health().connected, 5000, 'stream connected');
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  const burst = async (symbol: string, fault: () => Promise<unknown>) => {
    for (const [i, action] of ACTIONS.entries()) {
      if (i === 3) await fault();
      await t.http.post(HOOK).send({ symbol, action, balance_percentage: 0.1, leverage: 5 }).expect(200);
    }
    await control(fake, 'stream/delay', { ms: 0 });
  };
  const recordedTradeIds = async (symbol: string) =>
    (
      await query<{ tradeId: string }>(
        t.env.DATABASE_URL,
        `SELECT "tradeId" FROM "AccountEvent" WHERE symbol = $1 AND kind IN ('FILL', 'LIQUIDATION', 'ADL')`,
        [symbol],
      )
    ).map((r) => r.tradeId);
  const exchangeTradeIds = async (symbol: string) =>
    ((await signedRequest(fake, 'GET', '/fapi/v1/userTrades', { symbol })).body as Array<{ id: number }>).map((x) =>
      String(x.id),
    );
  const expectRecordedOnce = async (symbol: string) => {
    const expected = (await exchangeTradeIds(symbol)).sort();
    await eventually(
      async () => (await recordedTradeIds(symbol)).length >= expected.length,
      20_000,
      `fills of ${symbol}`,
    );
    await t.app.get(AccountEventsRecorder).settled();
    expect((await recordedTradeIds(symbol)).sort()).toEqual(expected);
    // One order per intent: the requests the fake received match the orders recorded.
    const orders = fake.requests.filter(
      (r) => r.path === '/fapi/v1/order' && r.method === 'POST' && r.params.symbol === symbol,
    );
    const clientIds = orders.map((r) => r.params.newClientOrderId);
    expect(new Set(clientIds).size).toBe(clientIds.length);
    // The last signal (a sell after a close) holds exactly the short it opened.
    const position = (await signedRequest(fake, 'GET', '/fapi/v2/positionRisk', { symbol })).body[0];
    const last = orders.at(-1)!.params;
    expect(last.side).toBe('SELL');
    expect(Number(position.positionAmt)).toBe(-Number(last.quantity));
  };

  it('delayed stream', async () => {
    await burst('BTCUSDT', () => control(fake, 'stream/delay', { ms: 300 }));
    await expectRecordedOnce('BTCUSDT');
  });

  it('events dropped mid-burst', async () => {
    await burst('ETHUSDT', () => control(fake, 'stream/drop', { count: 3, event: 'ORDER_TRADE_UPDATE' }));
    await expectRecordedOnce('ETHUSDT');
  });

  it('listenKey expired mid-burst', async () => {
    await burst('SOLUSDT', () => control(fake, 'stream/expire-listen-key', {}));
    await expectRecordedOnce('SOLUSDT');
  });

  it('connection cut mid-burst', async () => {
    await burst('XRPUSDT', () => control(fake, 'stream/cut', {}));
    await expectRecordedOnce('XRPUSDT');
  });

  it('stream stalled mid-burst (connections open, nothing arriving)', async () => {
    await burst('DOGEUSDT', () => control(fake, 'stream/stall', {}));
    await control(fake, 'stream/stall', { on: false });
    await expectRecordedOnce('DOGEUSDT');
  });
});
