/**
 * SIGTERM while a signal is in flight: the service stops accepting, lets the
 * signal finish and answer, writes its record, closes the database and exits 0.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../support/free-port';
import { control, liveModeAgainst, startFakeBinance } from '../support/exchange-harness';
import { signalRow } from '../support/records';
import { testLogEnv } from '../support/test-log';
import { createTestDatabase } from '../support/test-database';

const ROOT = path.resolve(__dirname, '../..');

it('finishes the in-flight signal, records it and exits cleanly on SIGTERM', async () => {
  const fake = await startFakeBinance();
  const db = await createTestDatabase('shutdown');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tvbridge-shutdown-'));
  const port = String(await freePort());
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      PORT: port,
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      ...testLogEnv(),
      LOG_LEVEL: 'warn',
      ...liveModeAgainst(fake),
      WEBHOOK_SECRET: 'shutdown-secret',
      ADMIN_TOKEN: 'shutdown-admin-token-0123456',
    },
    stdio: 'ignore',
  });
  try {
    for (let up = false, waited = 0; !up && waited < 60_000; waited += 200) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      up = await fetch(`http://127.0.0.1:${port}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
    }
    await control(fake, 'latency', { ms: 400 });
    fake.requests = [];
    const answer = fetch(`http://127.0.0.1:${port}/api/binance/advanced-trading-webhook?token=shutdown-secret`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 }),
    });
    // SIGTERM once the signal is in flight (its first exchange request arrived).
    for (let waited = 0; !fake.requests.some((r) => r.path === '/fapi/v2/balance') && waited < 10_000; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const response = await answer;
    expect(response.status).toBe(200);
    const body = (await response.json()) as { id: string; success: boolean };
    expect(body.success).toBe(true);
    expect(await exited).toBe(0);
    expect((await signalRow(db.url, body.id)).status).toBe('EXECUTED');
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await fake.stop();
    await db.drop();
  }
}, 90_000);
