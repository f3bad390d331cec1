/**
 * kill -9 between the order and its record: the signal is left "processing"
 * and is settled at the next start from the exchange, by its client order ids.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../support/free-port';
import { FakeBinanceServer } from '../fake-binance/fake-binance-server';
import { control, liveModeAgainst, startFakeBinance } from '../support/exchange-harness';
import { orderRequestsTo, positionsOf } from '../support/fake-state';
import { orderRows, signalRow } from '../support/records';
import { createTestApp } from '../support/test-app';
import { testLogEnv } from '../support/test-log';
import { createTestDatabase, query, TestDatabase } from '../support/test-database';

const ROOT = path.resolve(__dirname, '../..');
const SECRET = 'crash-test-secret';

describe('crash recovery', () => {
  let fake: FakeBinanceServer;
  let db: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    fake = await startFakeBinance();
    db = await createTestDatabase('crash');
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tvbridge-crash-'));
    env = {
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      ...testLogEnv(),
      LOG_LEVEL: 'warn',
      ...liveModeAgainst(fake),
      // The faults hit the signal's own reads (a hung balance read): the account is read over REST for each
      // signal, not resynchronised from the stream's connect (which would meet the fault first).
      ACCOUNT_STATE: 'rest',
      BINANCE_TIMEOUT_MS: '20000',
      WEBHOOK_SECRET: SECRET,
      ADMIN_TOKEN: 'crash-admin-token-0123456789',
      DEDUP_WINDOW_MS: '0',
      RECOVERY_AFTER_MS: '0',
    };
  });
  afterAll(async () => {
    await fake.stop();
    await db.drop();
  });

  async function startChild(): Promise<{ child: ChildProcess; url: string }> {
    const port = String(await freePort());
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'test/support/child-service.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, ...env, PORT: port },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('listening') && resolve());
      child.once('exit', (code) => reject(new Error(`service exited with ${code}`)));
    });
    return { child, url: `http://127.0.0.1:${port}` };
  }

  async function killDuringSignal(body: object, until: () => boolean): Promise<void> {
    const { child, url } = await startChild();
    void fetch(`${url}/api/binance/advanced-trading-webhook?token=${SECRET}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).catch(() => undefined);
    for (let waited = 0; !until() && waited < 10_000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 100));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
  }

  it('settles a signal whose order went through as executed, with the order recorded', async () => {
    fake.reset();
    // The order executes, but its answer never comes back: the service is killed while waiting.
    await control(fake, 'fail', { path: '/fapi/v1/order', method: 'POST', count: 1, timeout: true, execute: true });
    await killDuringSignal(
      { symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 },
      () => orderRequestsTo(fake).length > 0,
    );
    const [left] = await query<{ id: string; status: string }>(
      db.url,
      `SELECT id, status FROM "Signal" WHERE symbol = 'BTCUSDT'`,
    );
    expect(left.status).toBe('PROCESSING');
    expect(positionsOf(fake, 'BTCUSDT')).toEqual([['BOTH', '0.100']]);

    const restarted = await createTestApp(
      { ...env, DATA_DIR: mkdtempSync(path.join(tmpdir(), 'tvbridge-crash-')) },
      'crash-restart',
    );
    try {
      const settled = await signalRow(db.url, left.id);
      expect(settled.status).toBe('EXECUTED');
      expect(settled.note).toMatch(/Settled after an interruption: 1 order\(s\) found/);
      const orders = await orderRows(db.url, left.id);
      expect(orders).toHaveLength(1);
      expect(orders[0]).toMatchObject({ purpose: 'OPEN', status: 'FILLED', clientOrderId: `tvb_${left.id}_op` });
    } finally {
      await restarted.close();
    }
  }, 60_000);

  it('settles a signal killed before any order as failed', async () => {
    fake.reset();
    await control(fake, 'fail', { path: '/fapi/v2/balance', count: 1, timeout: true });
    await killDuringSignal({ symbol: 'ETHUSDT', action: 'sell', balance_percentage: 0.1, leverage: 5 }, () =>
      fake.requests.some((r) => r.path === '/fapi/v2/balance'),
    );
    const [left] = await query<{ id: string; status: string }>(
      db.url,
      `SELECT id, status FROM "Signal" WHERE symbol = 'ETHUSDT'`,
    );
    expect(left.status).toBe('PROCESSING');

    const restarted = await createTestApp(
      { ...env, DATA_DIR: mkdtempSync(path.join(tmpdir(), 'tvbridge-crash-')) },
      'crash-restart2',
    );
    try {
      const settled = await signalRow(db.url, left.id);
      expect(settled).toMatchObject({ status: 'FAILED', errorCode: 'INTERRUPTED' });
      expect(orderRequestsTo(fake)).toEqual([]);
    } finally {
      await restarted.close();
    }
  }, 60_000);
});
