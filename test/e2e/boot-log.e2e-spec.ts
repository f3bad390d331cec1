/**
 * The boot log says where orders go, and warns when API keys are set but
 * paper mode leaves them unused. (Its own file: Nest's static logger is per
 * process, and this test reads the log.)
 */
import { createTestApp, TestApp } from '../support/test-app';
import { logLines } from '../support/log-lines';

describe('the boot log', () => {
  let paper: TestApp;
  beforeAll(async () => {
    paper = await createTestApp(
      { LOG_LEVEL: 'info', EXCHANGE_MODE: 'paper', BINANCE_API_KEY: 'unused-key', BINANCE_API_SECRET: 'unused-secret' },
      'bootlog',
    );
  });
  afterAll(() => paper.close());

  it('says the trading mode, and warns when API keys are set in paper mode', async () => {
    const lines = await logLines(paper.logFile, (all) => all.some((l) => /BINANCE_API_KEY is set/.test(l.msg)));
    expect(lines.find((l) => /^trading mode: /.test(l.msg))?.msg).toBe(
      'trading mode: paper (simulated account: no order reaches Binance)',
    );
    const warning = lines.find((l) => /BINANCE_API_KEY is set/.test(l.msg))!;
    expect(warning.level).toBe(40);
    expect(warning.msg).toMatch(/EXCHANGE_MODE is paper: the keys are NOT used/);
  });
});
