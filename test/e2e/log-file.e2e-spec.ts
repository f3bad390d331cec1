/**
 * The log file records addresses, payloads and errors: it is created readable
 * by its owner only (an existing one is narrowed to that), and the paper-mode
 * admin token generated at boot never reaches it.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ADMIN_TOKEN } from '../../src/admin/admin-token';
import { SignalJournal } from '../../src/journal/signal-journal';
import { createTestApp, TestApp } from '../support/test-app';

describe('log file', () => {
  let t: TestApp;
  const existing = path.join(mkdtempSync(path.join(tmpdir(), 'tvbridge-log-')), 'kept.log');
  beforeAll(async () => {
    // A log file left world-readable by an earlier version is narrowed at boot.
    writeFileSync(existing, '');
    chmodSync(existing, 0o644);
    t = await createTestApp({ LOG_FILE: existing, LOG_LEVEL: 'info' }, 'logfile');
  });
  afterAll(async () => {
    await t.close();
    rmSync(path.dirname(existing), { recursive: true, force: true });
  });

  it('is readable and writable by its owner only', () => {
    expect(statSync(existing).mode & 0o777).toBe(0o600);
  });

  it('never holds the generated paper-mode admin token', async () => {
    const token = t.app.get<string>(ADMIN_TOKEN);
    await t.http.get('/api/admin/signals').set('Authorization', `Bearer ${token}`).expect(200);
    const signal = {
      symbol: 'BTCUSDT',
      action: 'buy',
      balance_percentage: 0.1,
      leverage: 5,
      entry: 50000,
      note: token,
    };
    await t.http.post('/api/binance/advanced-trading-webhook').send(signal);
    await t.app.get(SignalJournal).settled();
    let log = '';
    for (let waited = 0; waited < 5000 && !/request completed[\s\S]*request completed/.test(log); waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      log = readFileSync(existing, 'utf8');
    }
    expect(log).toMatch(/request completed/);
    expect(log).not.toContain(token);
  });
});
