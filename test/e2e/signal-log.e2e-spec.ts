/**
 * The log a trader reads: one line per signal (what, how much, at what price,
 * how it ended, how long it took, why when it failed). (Its own file: Nest's
 * static logger is per process, and this test reads the log.)
 */
import { Line, logLines } from '../support/log-lines';
import { createTradingApp, TradingTestApp } from '../support/test-app';

const ADVANCED = '/api/binance/advanced-trading-webhook';

describe('one log line per signal', () => {
  let t: TradingTestApp;
  beforeAll(async () => {
    t = await createTradingApp({ LOG_LEVEL: 'info' }, 'signallog');
  });
  afterAll(() => t.close());

  it('logs executed signals at info (what, how much, price, status, latency); failures at warn/error', async () => {
    const buy = await t.http
      .post(ADVANCED)
      .send({ symbol: 'BTCUSDT.P', action: 'buy', balance_percentage: 0.1, leverage: 5 })
      .expect(200);
    const refused = await t.http
      .post(ADVANCED)
      .send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, levrage: 5 })
      .expect(422);
    t.fake.fail({ path: '/fapi/v2/balance', count: 10, status: 503 });
    const failed = await t.http
      .post(ADVANCED)
      .send({ symbol: 'ETHUSDT', action: 'sell', balance_percentage: 0.1, leverage: 5 });
    expect(failed.status).toBeGreaterThanOrEqual(500);
    const ids = [buy.body.id, refused.body.id, failed.body.id];
    const signalLines = (lines: Line[]) => lines.filter((l) => l.context === 'Signals');
    const lines = signalLines(
      await logLines(t.logFile, (all) => ids.every((id) => signalLines(all).some((l) => l.signalId === id))),
    );

    for (const id of ids) expect(lines.filter((l) => l.signalId === id)).toHaveLength(1);
    const executed = lines.find((l) => l.signalId === buy.body.id)!;
    expect(executed).toMatchObject({
      level: 30,
      symbol: 'BTCUSDT',
      action: 'buy',
      quantity: '0.1',
      price: '50000',
      status: 'executed',
      httpStatus: 200,
    });
    expect(executed.latencyMs).toEqual(expect.any(Number));
    expect(executed.msg).toMatch(/^signal \S+ executed: buy 0\.1 BTCUSDT at 50000 \(advanced-trading, 200, \d+ ms\)$/);
    const rejected = lines.find((l) => l.signalId === refused.body.id)!;
    expect(rejected).toMatchObject({ level: 40, status: 'rejected', httpStatus: 422, errorCode: 'UNKNOWN_FIELD' });
    expect(rejected.reason).toContain('did you mean "leverage"');
    const down = lines.find((l) => l.signalId === failed.body.id)!;
    expect(down).toMatchObject({ level: 50, symbol: 'ETHUSDT', action: 'sell', status: 'failed' });
    expect(down.reason).toEqual(expect.any(String));
  });
});
