import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { createTestApp, TestApp } from '../support/test-app';
import { query } from '../support/test-database';

const ROOT = path.resolve(__dirname, '../..');

describe('the service boots', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({}, 'boot');
  });
  afterAll(() => t.close());

  it('migrates its database on start', async () => {
    const rows = await query(t.db.url, 'SELECT migration_name FROM "_prisma_migrations"');
    expect(rows.length).toBeGreaterThan(0);
  });

  it('reports the database up on GET /api/health', async () => {
    const res = await t.http.get('/api/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      details: { database: { status: 'up' }, exchange: { status: 'up', mode: 'paper' } },
    });
    expect(res.headers['x-request-id']).toBeDefined();
  });

  it('serves Swagger UI and the OpenAPI document', async () => {
    await t.http.get('/api/docs').expect(200).expect('content-type', /html/);
    const doc = await t.http.get('/api/docs-json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toContain('/api/health');
    const webhook = doc.body.paths['/api/binance/advanced-trading-webhook'].post;
    expect(Object.keys(webhook.requestBody.content['application/json'].examples)).toEqual([
      'example-1-conservative-long',
      'example-2-aggressive-short',
      'example-3-close-all',
      'partial-exit-half',
      'target-long',
      'target-flat',
      'example-4-long-with-stop-and-targets',
      'example-5-risk-sized-short-with-trailing-stop',
    ]);
    expect(Object.keys(webhook.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '422', '502', '503']));
    expect(Object.keys(doc.body.components.schemas)).toEqual(
      expect.arrayContaining([
        'WebhookSignalDto',
        'TradeResponseDto',
        'CloseResponseDto',
        'PartialCloseResponseDto',
        'TargetResponseDto',
        'ErrorResponseDto',
      ]),
    );
    expect(doc.body.paths['/api/admin/signals'].get.security).toEqual([{ admin: [] }]);
  });

  it('answers 503 on health when the database cannot be reached', async () => {
    const admin = new Client({ connectionString: t.env.DATABASE_URL.replace(/\/[^/]+$/, '/postgres') });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE "${t.db.name}" ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [t.db.name]);
      const res = await t.http.get('/api/health').expect(503);
      expect(res.body.details.database.status).toBe('down');
    } finally {
      await admin.query(`ALTER DATABASE "${t.db.name}" ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await t.http.get('/api/health').expect(200);
  });
});

describe('the service refuses a bad configuration', () => {
  it('exits with one line naming the variable', () => {
    const result = spawnSync(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, PORT: 'eighty', LOG_FILE: '/dev/null' },
      encoding: 'utf8',
      timeout: 30000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('Invalid configuration: PORT must be an integer from 0 to 65535 (got "eighty")');
  });
});
