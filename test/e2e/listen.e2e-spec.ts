/**
 * The real bootstrap (src/main.ts) as a child process: HOST decides which
 * address it binds, and TLS_CERT_FILE / TLS_KEY_FILE make it serve the
 * webhook over HTTPS, with the certificate reloaded on SIGHUP.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TLSSocket } from 'node:tls';
import { freePort } from '../support/free-port';
import { selfSignedCertificate } from '../support/tls-certificate';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const ROOT = path.resolve(__dirname, '../..');

interface Service {
  child: ChildProcess;
  port: number;
  output: () => string;
}

async function startService(db: TestDatabase, dataDir: string, env: Record<string, string>): Promise<Service> {
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      LOG_FILE: path.join(dataDir, 'log'),
      LOG_LEVEL: 'info',
      PAPER_MARKET_DATA_URL: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  for (let waited = 0; !output.includes('listening on') && waited < 60_000; waited += 100) {
    if (child.exitCode !== null) throw new Error(`service exited ${child.exitCode}: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, port, output: () => output };
}

async function stopService(service: Service): Promise<void> {
  if (service.child.exitCode !== null) return;
  const exited = new Promise((resolve) => service.child.once('exit', resolve));
  service.child.kill('SIGTERM');
  await exited;
}

/** Whether a TCP connection to address:port is accepted. */
function accepts(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** POSTs JSON over HTTPS trusting only `ca`; returns the status, body and the server's certificate. */
function httpsPost(
  port: number,
  pathname: string,
  body: unknown,
  ca: string,
): Promise<{ status: number; body: Record<string, unknown>; fingerprint: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port,
        path: pathname,
        method: 'POST',
        ca,
        headers: { 'content-type': 'application/json' },
        agent: false,
      },
      (res) => {
        const fingerprint = (res.socket as TLSSocket).getPeerCertificate().fingerprint256;
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode!, body: JSON.parse(text) as Record<string, unknown>, fingerprint }),
        );
      },
    );
    req.once('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('where and how the service listens', () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase('listen');
    dir = mkdtempSync(path.join(tmpdir(), 'tvbridge-listen-'));
  });
  afterAll(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('HOST=127.0.0.1 binds loopback only; the default binds every address', async () => {
    // All of 127.0.0.0/8 reaches this machine: a server on 0.0.0.0 accepts on
    // 127.0.0.2, one bound to 127.0.0.1 alone does not.
    const [loopback, everywhere] = await Promise.all([
      startService(db, path.join(dir, 'loopback'), { HOST: '127.0.0.1' }),
      startService(db, path.join(dir, 'everywhere'), {}),
    ]);
    try {
      expect(loopback.output()).toContain(`listening on http://127.0.0.1:${loopback.port}`);
      expect(await accepts('127.0.0.1', loopback.port)).toBe(true);
      expect(await accepts('127.0.0.2', loopback.port)).toBe(false);
      expect(await accepts('127.0.0.2', everywhere.port)).toBe(true);
      const health = await fetch(`http://127.0.0.1:${loopback.port}/api/health`);
      expect(health.status).toBe(200);
    } finally {
      await Promise.all([stopService(loopback), stopService(everywhere)]);
    }
  }, 120_000);

  it('serves the webhook over HTTPS with TLS_CERT_FILE/TLS_KEY_FILE; SIGHUP reloads the certificate', async () => {
    const first = selfSignedCertificate(dir, 'first');
    const second = selfSignedCertificate(dir, 'second');
    const certFile = path.join(dir, 'live.crt');
    const keyFile = path.join(dir, 'live.key');
    copyFileSync(first.certFile, certFile);
    copyFileSync(first.keyFile, keyFile);
    const secret = 'https-webhook-secret';
    const service = await startService(db, path.join(dir, 'https'), {
      HOST: '127.0.0.1',
      TLS_CERT_FILE: certFile,
      TLS_KEY_FILE: keyFile,
      WEBHOOK_SECRET: secret,
    });
    try {
      expect(service.output()).toContain(`listening on https://127.0.0.1:${service.port}`);
      const signal = { symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5, entry: 50000, secret };
      const answer = await httpsPost(service.port, '/api/binance/advanced-trading-webhook', signal, first.cert);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ success: true });
      // Plain HTTP on the HTTPS port gets no answer.
      await expect(fetch(`http://127.0.0.1:${service.port}/api/health`)).rejects.toThrow();
      // A certificate the client does not trust is refused by the client.
      await expect(
        httpsPost(service.port, '/api/binance/advanced-trading-webhook', signal, second.cert),
      ).rejects.toThrow(/self.signed|certificate/i);

      // Renewal: new files in place, SIGHUP, the next connection gets the new certificate.
      copyFileSync(second.certFile, certFile);
      copyFileSync(second.keyFile, keyFile);
      service.child.kill('SIGHUP');
      for (let waited = 0; !service.output().includes('TLS certificate reloaded') && waited < 10_000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const renewed = await httpsPost(
        service.port,
        '/api/binance/advanced-trading-webhook',
        { ...signal, action: 'close' },
        second.cert,
      );
      expect(renewed.status).toBe(200);
      expect(renewed.fingerprint).not.toBe(answer.fingerprint);
    } finally {
      await stopService(service);
    }
  }, 120_000);

  it('refuses to boot, in one line, with a key that does not fit the certificate', async () => {
    const a = selfSignedCertificate(dir, 'a');
    const b = selfSignedCertificate(dir, 'b');
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: db.url,
        DATA_DIR: path.join(dir, 'refused'),
        TLS_CERT_FILE: a.certFile,
        TLS_KEY_FILE: b.keyFile,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^Invalid configuration: TLS_KEY_FILE does not fit TLS_CERT_FILE/);
  }, 60_000);
});
