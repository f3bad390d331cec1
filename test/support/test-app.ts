/**
 * Boots the real AppModule the way main.ts does, on its own database, with a
 * settings object instead of process.env. Returns supertest's agent too.
 */
import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/app-factory';
import { FakeBinanceServer } from '../fake-binance/fake-binance-server';
import { liveModeAgainst, startFakeBinance } from './exchange-harness';
import { createTestDatabase, TestDatabase } from './test-database';
import { testLogEnv } from './test-log';

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  db: TestDatabase;
  logFile: string;
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function createTestApp(env: Record<string, string> = {}, label = 'app'): Promise<TestApp> {
  const db = await createTestDatabase(label);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tvbridge-app-'));
  // Logs go to the test file's log (shown when a test fails), not to the runner's output.
  const fullEnv: Record<string, string> = {
    DATABASE_URL: db.url,
    DATA_DIR: dataDir,
    ...testLogEnv(),
    LOG_LEVEL: 'warn',
    PORT: '0',
    PAPER_MARKET_DATA_URL: 'off',
    DEDUP_WINDOW_MS: '0',
    RATE_LIMIT_PER_MINUTE: '0',
    UNAUTHENTICATED_RECORDS_PER_HOUR: '1000000',
    ...env,
  };
  let app: INestApplication;
  try {
    app = await createApp(fullEnv);
    await app.init();
  } catch (error) {
    // A refused configuration leaves no database or directory behind.
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const server = app.getHttpServer();
  return {
    app,
    http: request(server),
    db,
    logFile: fullEnv.LOG_FILE,
    env: fullEnv,
    close: async () => {
      await app.close();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TradingTestApp extends TestApp {
  fake: FakeBinanceServer;
  /** supertest without the automatic webhook token (for the secret's own tests). */
  raw: ReturnType<typeof request>;
  secret: string;
}

/** Posts to webhook routes carry ?token=<secret>, as a configured TradingView alert URL would. */
function withWebhookToken(agent: ReturnType<typeof request>, secret: string): ReturnType<typeof request> {
  return new Proxy(agent, {
    get(target, property, receiver) {
      if (property !== 'post') return Reflect.get(target, property, receiver);
      return (url: string) =>
        target.post(
          url.includes('-webhook') && !/[?&]token=/.test(url)
            ? `${url}${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(secret)}`
            : url,
        );
    },
  });
}

/**
 * The app in live mode, trading through binance-api-node against the fake Binance server. The account is
 * read over REST before every order (ACCOUNT_STATE=rest) unless a test asks for the streamed state: these
 * tests change the fake's account behind its streams' back (its engine, its controls), which no stream
 * reports; the streamed state has its own tests (account-state-*.e2e-spec.ts).
 */
export async function createTradingApp(env: Record<string, string> = {}, label = 'trading'): Promise<TradingTestApp> {
  const fake = await startFakeBinance();
  const t = await createTestApp(
    {
      ...liveModeAgainst(fake),
      ACCOUNT_STATE: 'rest',
      WEBHOOK_SECRET: 'test-webhook-secret',
      ADMIN_TOKEN: 'test-admin-token-0123456789',
      ...env,
    },
    label,
  );
  const secret = env.WEBHOOK_SECRET ?? 'test-webhook-secret';
  return {
    ...t,
    fake,
    raw: t.http,
    secret,
    http: withWebhookToken(t.http, secret),
    close: async () => {
      await t.close();
      await fake.stop();
    },
  };
}
