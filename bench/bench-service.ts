/**
 * The pieces a benchmark run needs: a Postgres (DATABASE_URL or a fresh
 * embedded one), the fake Binance server in this process, and the service
 * itself as a separate process (built, live mode, pointed at the fake) whose
 * memory we can read from /proc. The service can be restarted with Binance's
 * streams switched off (BINANCE_STREAMS=off), against the same fake and
 * database, to measure the REST-only path beside the stream-fed one.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { liveModeAgainst } from '../test/support/exchange-harness';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../src/database/embedded-postgres';
import { FakeBinanceServer } from '../test/fake-binance/fake-binance-server';
import { freePort } from '../test/support/free-port';

export const ADMIN_TOKEN = 'bench-admin-token-0123456789';
export const WEBHOOK_SECRET = 'bench-webhook-secret';
/** Stores the fan-out scenario's account keys encrypted (a fixed test key: the bench's data is thrown away). */
const CONFIG_ENCRYPTION_KEY = '3f9c1e7a5b2d8046e1c9a7f35b0d2e84c6a1f9e3075bd2c48e16a9f03d7b5c21';

export interface BenchEnvironment {
  fake: FakeBinanceServer;
  serviceUrl: string;
  databaseUrl: string;
  pid: number;
  /** Whether the running service follows Binance's streams (BINANCE_STREAMS). */
  streams: boolean;
  /** Stops the service and starts it again with the streams on or off (same fake, same database). */
  restart(streams: boolean): Promise<void>;
  stop(): Promise<void>;
}

interface RunningService {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

async function databaseFor(workDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const name = `tvb_bench_${Date.now()}`;
  let serverUrl = process.env.DATABASE_URL;
  let embedded: EmbeddedPostgres | undefined;
  if (!serverUrl) {
    embedded = new EmbeddedPostgres({ dataDir: path.join(workDir, 'postgres'), port: 0 });
    serverUrl = (await embedded.start()).url;
  }
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    stop: async () => {
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
      await embedded?.stop();
    },
  };
}

export async function startBenchEnvironment(streams = true): Promise<BenchEnvironment> {
  const workDir = mkdtempSync(path.join(tmpdir(), 'tvbridge-bench-'));
  // The benchmark measures the service, not Binance's order quota (300 per 10 s): no order-count limit.
  const fake = new FakeBinanceServer({ walletUsdt: '1000000', orderLimits: { per10s: Infinity, perMinute: Infinity } });
  await fake.start();
  const database = await databaseFor(workDir);
  let service = await startService(fake, database.url, workDir, streams);
  const env: BenchEnvironment = {
    fake,
    serviceUrl: service.url,
    databaseUrl: database.url,
    pid: service.pid,
    streams,
    restart: async (on: boolean) => {
      await service.stop();
      service = await startService(fake, database.url, workDir, on);
      Object.assign(env, { serviceUrl: service.url, pid: service.pid, streams: on });
    },
    stop: async () => {
      await service.stop();
      await fake.stop();
      await database.stop();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
  return env;
}

async function startService(
  fake: FakeBinanceServer,
  databaseUrl: string,
  workDir: string,
  streams: boolean,
): Promise<RunningService> {
  const port = await freePort();
  const profile = process.env.BENCH_CPU_PROFILE
    ? [`--cpu-prof`, `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`]
    : [];
  const service: ChildProcess = spawn(
    process.execPath,
    [...profile, path.resolve(__dirname, '..', 'dist', 'main.js')],
    {
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        DATA_DIR: workDir,
        ...liveModeAgainst(fake),
        BINANCE_STREAMS: streams ? 'on' : 'off',
        WEBHOOK_SECRET,
        ADMIN_TOKEN,
        CONFIG_ENCRYPTION_KEY,
        // The fake does not enforce request weight; the fan-out scenario measures round trips, not the budget.
        BINANCE_WEIGHT_PER_MINUTE: '1000000',
        LOG_LEVEL: 'warn',
        LOG_FILE: path.join(workDir, 'service.log'),
        DEDUP_WINDOW_MS: '0',
        RATE_LIMIT_PER_MINUTE: '0',
        // BENCH_NODE_OPTIONS: Node options for the service alone (a preload that counts statements, say).
        ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 100) {
    if (service.exitCode !== null) throw new Error(`the service exited with code ${service.exitCode}`);
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (waited > 60_000) throw new Error('the service did not become healthy within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    pid: service.pid!,
    stop: async () => {
      if (service.exitCode !== null) return;
      const exited = new Promise((resolve) => service.once('exit', resolve));
      service.kill('SIGTERM');
      await exited;
    },
  };
}

/** Resident and peak resident memory of a process, in MB. */
export function memoryOf(pid: number): { rssMb: number; peakRssMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb('VmRSS') / 102.4) / 10, peakRssMb: Math.round(kb('VmHWM') / 102.4) / 10 };
}
