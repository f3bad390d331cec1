/**
 * kill -9 between an entry's fill and its protection: the position the alert
 * asked to protect is left with nothing on the exchange. At the next start the
 * interrupted signal is settled: its protection is found (it had landed), or
 * placed now, or — the price having gone through the stop meanwhile —
 * PROTECTION_FAILURE acts; every case recorded, and never silently.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeBinanceServer } from '../fake-binance/fake-binance-server';
import { control, liveModeAgainst, startFakeBinance } from '../support/exchange-harness';
import { positionsOf } from '../support/fake-state';
import { freePort } from '../support/free-port';
import { orderRows, protectiveRows, signalRow } from '../support/records';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, query, TestDatabase } from '../support/test-database';
import { testLogEnv } from '../support/test-log';

const ROOT = path.resolve(__dirname, '../..');
const SECRET = 'crash-protection-secret';
const ENTRY = {
  action: 'buy',
  balance_percentage: 0.1,
  leverage: 10,
  stop_loss: 49000,
  take_profit: 52000,
};

describe('crash between an entry and its protection', () => {
  let fake: FakeBinanceServer;
  let db: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    fake = await startFakeBinance();
    db = await createTestDatabase('crash-protection');
    env = {
      DATABASE_URL: db.url,
      ...testLogEnv(),
      LOG_LEVEL: 'warn',
      ...liveModeAgainst(fake),
      BINANCE_TIMEOUT_MS: '20000',
      WEBHOOK_SECRET: SECRET,
      ADMIN_TOKEN: 'crash-admin-token-0123456789',
      DEDUP_WINDOW_MS: '0',
      RECOVERY_AFTER_MS: '0',
      PROTECTION_POLL_MS: '0',
    };
  });
  afterAll(async () => {
    await fake.stop();
    await db.drop();
  });
  beforeEach(() => {
    fake.reset();
    fake.engine.setPrice('BTCUSDT', '50000');
  });

  async function startChild(): Promise<{ child: ChildProcess; url: string }> {
    const port = String(await freePort());
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tvbridge-crash-'));
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'test/support/child-service.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, ...env, DATA_DIR: dataDir, PORT: port },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('listening') && resolve());
      child.once('exit', (code) => reject(new Error(`service exited with ${code}`)));
    });
    return { child, url: `http://127.0.0.1:${port}` };
  }

  /** Sends the entry and kills the service once its first protective order has reached the exchange. */
  async function killAfterEntry(symbolBody: object): Promise<string> {
    const { child, url } = await startChild();
    void fetch(`${url}/api/binance/advanced-trading-webhook?token=${SECRET}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ symbol: 'BTCUSDT', ...symbolBody }),
    }).catch(() => undefined);
    const reached = () => fake.requests.some((r) => r.path === '/fapi/v1/algoOrder' && r.method === 'POST');
    for (let waited = 0; !reached() && waited < 15_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    await new Promise((resolve) => setTimeout(resolve, 100));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const [left] = await query<{ id: string; status: string }>(
      db.url,
      `SELECT id, status FROM "Signal" WHERE status = 'PROCESSING'`,
    );
    expect(left).toBeDefined();
    return left.id;
  }

  async function restart<T>(check: () => Promise<T>): Promise<T> {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tvbridge-crash-'));
    const restarted = await createTestApp({ ...env, DATA_DIR: dataDir }, 'crash-protection-restart');
    try {
      return await check();
    } finally {
      await restarted.close();
    }
  }

  const openAlgo = () =>
    (fake.engine.openAlgoOrders({ symbol: 'BTCUSDT' }) as Array<{ clientAlgoId: string; triggerPrice: string }>)
      .map((o) => [o.clientAlgoId.split('_')[2], o.triggerPrice])
      .sort();

  it('no protection landed: placed at the next start, recorded with the signal', async () => {
    // The stop's request hangs (never reaches the book): the service is killed while waiting.
    await control(fake, 'fail', { path: '/fapi/v1/algoOrder', method: 'POST', count: 1, timeout: true });
    const id = await killAfterEntry(ENTRY);
    expect(positionsOf(fake, 'BTCUSDT')).toEqual([['BOTH', '0.200']]);
    expect(openAlgo()).toEqual([]);

    await restart(async () => {
      const settled = await signalRow(db.url, id);
      expect(settled.status).toBe('EXECUTED');
      expect(settled.note).toMatch(/2 of its 2 protective order\(s\) were missing: the protection was placed now/);
      expect(openAlgo()).toEqual([
        ['sl', '49000.00'],
        ['tp1', '52000.00'],
      ]);
      expect((await protectiveRows(db.url, id)).map((r) => [r.kind, r.status])).toEqual([
        ['STOP_LOSS', 'NEW'],
        ['TAKE_PROFIT', 'NEW'],
      ]);
    });
  }, 90_000);

  it('the stop had landed (answer lost): found by its client algo id and recorded, nothing placed twice', async () => {
    await control(fake, 'fail', { path: '/fapi/v1/algoOrder', method: 'POST', count: 2, timeout: true, execute: true });
    const id = await killAfterEntry(ENTRY);
    await restart(async () => {
      const settled = await signalRow(db.url, id);
      expect(settled.status).toBe('EXECUTED');
      expect(openAlgo()).toEqual([
        ['sl', '49000.00'],
        ['tp1', '52000.00'],
      ]);
      const rows = await protectiveRows(db.url, id);
      expect(rows.map((r) => r.kind)).toEqual(['STOP_LOSS', 'TAKE_PROFIT']);
    });
  }, 90_000);

  it('the price went through the stop meanwhile: PROTECTION_FAILURE=close flattens it, recorded failed', async () => {
    await control(fake, 'fail', { path: '/fapi/v1/algoOrder', method: 'POST', count: 1, timeout: true });
    const id = await killAfterEntry(ENTRY);
    fake.engine.setPrice('BTCUSDT', '48500');
    await restart(async () => {
      const settled = await signalRow(db.url, id);
      expect(settled).toMatchObject({ status: 'FAILED', errorCode: 'PROTECTION_FAILED' });
      expect(settled.note).toMatch(/the position was closed \(PROTECTION_FAILURE=close\)/);
      expect(positionsOf(fake, 'BTCUSDT')).toEqual([]);
      expect((await orderRows(db.url, id)).map((o) => o.purpose).sort()).toEqual(['CLOSE_UNPROTECTED', 'OPEN']);
      // The trader hears of it.
      const [event] = await query<{ type: string }>(db.url, `SELECT type FROM "NotificationEvent" WHERE id LIKE $1`, [
        `${id}:%`,
      ]);
      expect(event?.type).toBe('signal.failed');
    });
  }, 90_000);
});
