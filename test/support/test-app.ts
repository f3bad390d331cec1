/**
 * Boots the real AppModule the way main.ts does, on its own database, with a
 * settings object instead of process.env. Returns supertest's agent too.
 */
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { setupApp } from '../../src/setup-app';
import { createTestDatabase, TestDatabase } from './test-database';

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
  const logFile = path.join(mkdtempSync(path.join(tmpdir(), 'tvbridge-log-')), 'trading_system.log');
  const fullEnv: Record<string, string> = { DATABASE_URL: db.url, LOG_FILE: logFile, LOG_LEVEL: 'warn', PORT: '0', PAPER_MARKET_DATA_URL: 'off', ...env };
  const app = await NestFactory.create<NestExpressApplication>(await AppModule.forRoot(fullEnv), { bufferLogs: true, abortOnError: false });
  setupApp(app);
  await app.init();
  const server = app.getHttpServer();
  return {
    app,
    http: request(server),
    db,
    logFile,
    env: fullEnv,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
