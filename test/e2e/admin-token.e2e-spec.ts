/**
 * Paper mode without ADMIN_TOKEN: a token is generated once, kept in
 * DATA_DIR/admin-token (mode 0600) and used again after a restart; the log
 * names the file, never the token.
 */
import { INestApplication } from '@nestjs/common';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Server } from 'node:http';
import path from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/app-factory';
import { createTestDatabase, TestDatabase } from '../support/test-database';

describe('admin token in paper mode', () => {
  let db: TestDatabase;
  let dataDir: string;
  let env: Record<string, string>;
  const tokenFile = () => path.join(dataDir, 'admin-token');

  async function boot(): Promise<INestApplication> {
    const app = await createApp(env);
    await app.init();
    return app;
  }

  beforeAll(async () => {
    db = await createTestDatabase('admintoken');
    dataDir = mkdtempSync(path.join(tmpdir(), 'tvbridge-admintoken-'));
    env = {
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      LOG_FILE: path.join(dataDir, 'log'),
      LOG_LEVEL: 'info',
      PAPER_MARKET_DATA_URL: 'off',
    };
  });
  afterAll(async () => {
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is generated into DATA_DIR/admin-token (0600), works, and is the same after a restart', async () => {
    const first = await boot();
    let token: string;
    try {
      token = readFileSync(tokenFile(), 'utf8').trim();
      expect(token.length).toBeGreaterThanOrEqual(32);
      expect(statSync(tokenFile()).mode & 0o777).toBe(0o600);
      await request(first.getHttpServer() as Server)
        .get('/api/admin/signals')
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      await request(first.getHttpServer() as Server)
        .get('/api/admin/signals')
        .set('Authorization', 'Bearer not-it')
        .expect(401);
    } finally {
      await first.close();
    }
    const second = await boot();
    try {
      expect(readFileSync(tokenFile(), 'utf8').trim()).toBe(token);
      await request(second.getHttpServer() as Server)
        .get('/api/admin/signals')
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
    } finally {
      await second.close();
    }
    // The log tells where the token is, and never the token itself.
    for (let waited = 0; waited < 5000 && !readFileSync(env.LOG_FILE, 'utf8').includes('admin-token'); waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const log = readFileSync(env.LOG_FILE, 'utf8');
    expect(log).toContain(tokenFile());
    expect(log).not.toContain(token);
  });
});
