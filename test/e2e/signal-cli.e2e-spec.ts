/**
 * `npm run signal` reads the service's `.env`: the secret and where the
 * service listens come from the same file the service reads.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { NestExpressApplication } from '@nestjs/platform-express';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestApp, TestApp } from '../support/test-app';

const run = promisify(execFile);
const CLI = path.resolve(__dirname, '../../scripts/signal.ts');
const SECRET = 'dotenv-webhook-secret';

describe('npm run signal and .env', () => {
  let t: TestApp;
  let port: number;
  let cwd: string;

  /** The CLI as npm runs it, from a directory holding `.env`, with nothing else in its environment. */
  function signal(...args: string[]) {
    return run(process.execPath, ['-r', require.resolve('@swc-node/register'), CLI, ...args], {
      cwd,
      env: { PATH: process.env.PATH },
    }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string; stderr: string }) => ({
        code: error.code,
        stdout: error.stdout + error.stderr,
      }),
    );
  }

  beforeAll(async () => {
    t = await createTestApp({ WEBHOOK_SECRET: SECRET }, 'signalcli');
    const app = t.app as NestExpressApplication;
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as { port: number }).port;
    cwd = mkdtempSync(path.join(tmpdir(), 'tvbridge-cli-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('takes WEBHOOK_SECRET, PORT and HOST from .env', async () => {
    writeFileSync(path.join(cwd, '.env'), `HOST=127.0.0.1\nPORT=${port}\nWEBHOOK_SECRET=${SECRET}\n`);
    const result = await signal('buy', 'BTCUSDT', '--pct', '0.1', '--leverage', '5', '--entry', '50000');
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain('✔');
  });

  it('without the secret in .env the service refuses it (the file is what made the difference)', async () => {
    writeFileSync(path.join(cwd, '.env'), `HOST=127.0.0.1\nPORT=${port}\n`);
    const result = await signal('close', 'BTCUSDT');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('HTTP 401');
  });
});
