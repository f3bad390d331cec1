/**
 * npm run db:backup / db:restore: a round trip through the embedded Postgres
 * (the zero-configuration setup, which ships no pg_dump) and through any
 * server, keeps every row of every table; a restore that cannot be complete
 * and correct changes nothing.
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { INestApplication } from '@nestjs/common';
import { tmpdir } from 'node:os';
import type { Server } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import request from 'supertest';
import { createApp } from '../../src/app-factory';
import { FORMAT_LINE } from '../../src/database/backup/backup-format';
import { backupDatabase } from '../../src/database/backup/database-backup';
import { restoreDatabase } from '../../src/database/backup/database-restore';
import { TVBRIDGE_TABLES } from '../../src/database/backup/tvbridge-tables';
import { applyMigrations } from '../../src/database/migration-applier';
import { RESOLVED_DATABASE, ResolvedDatabase } from '../../src/database/resolved-database';
import { allSettled, signalRow } from '../support/records';
import { createTestApp, TestApp } from '../support/test-app';
import { createTestDatabase, query } from '../support/test-database';

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);
const ADMIN = 'backup-admin-token-0123456789';

/** Every row of every tvbridge table, as Postgres prints it, sorted. */
async function contents(url: string): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const table of TVBRIDGE_TABLES) {
    result[table] = (await query<{ row: string }>(url, `SELECT t::text AS row FROM "${table}" t ORDER BY 1`)).map(
      (r) => r.row,
    );
  }
  return result;
}

/**
 * The rows once background work (outbox dispatch, journal) has finished: two
 * snapshots a second apart agree. A backup is compared with these.
 */
async function settledContents(url: string): Promise<Record<string, string[]>> {
  let previous = await contents(url);
  for (let waited = 0; waited < 30_000; waited += 1000) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const current = await contents(url);
    if (JSON.stringify(current) === JSON.stringify(previous)) return current;
    previous = current;
  }
  throw new Error('the database kept changing for 30 s');
}

/** Buys, a reversal, a close, a refused signal and a replay: rows in every table that trading fills. */
async function trade(http: ReturnType<typeof request>, url: string): Promise<void> {
  const post = (body: Record<string, unknown>) => http.post('/api/binance/advanced-trading-webhook').send(body);
  await post({
    symbol: 'BTCUSDT',
    action: 'buy',
    balance_percentage: 0.1,
    leverage: 5,
    entry: 50000,
    id: 'first\tbuy',
  }).expect(200);
  await post({
    symbol: 'ETHUSDT',
    action: 'sell',
    balance_percentage: 0.2,
    leverage: 3,
    entry: 3000,
    note: 'line one\nline two \\ "quoted"',
  }).expect(200);
  await post({ symbol: 'BTCUSDT', action: 'sell', balance_percentage: 0.1, leverage: 5, entry: 50100 }).expect(200);
  const refused = await post({
    symbol: 'BTCUSDT',
    action: 'buy',
    balance_percentage: 5,
    leverage: 5,
    entry: 50000,
  }).expect(422);
  const refusedId = (refused.body as { id: string }).id;
  // Its outcome is written just after the answer: replayed while still processing, it would be refused (409).
  await signalRow(url, refusedId);
  const replay = await http
    .post(`/api/admin/signals/${refusedId}/replay`)
    .set('Authorization', `Bearer ${ADMIN}`)
    .expect(200);
  expect((replay.body as { http_status: number }).http_status).toBe(422);
  await post({ symbol: 'BTCUSDT', action: 'close' }).expect(200);
}

function npm(args: string[], env: NodeJS.ProcessEnv) {
  return run('npm', ['run', '--silent', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    timeout: 120_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      output: error.stdout + error.stderr,
    }),
  );
}

describe('db:backup and db:restore on the embedded Postgres', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'tvbridge-backup-'));
  // When run as root, the embedded Postgres runs as the postgres OS user, which must reach DATA_DIR.
  chmodSync(root, 0o711);
  const file = path.join(root, 'saved', 'tvbridge.backup.gz');
  const settings = (dataDir: string) => ({
    DATA_DIR: dataDir,
    EMBEDDED_POSTGRES_PORT: '0',
    LOG_FILE: path.join(dataDir, 'log'),
    // The service's logs go to that file only: the test runner's output stays readable.
    LOG_STDOUT: 'off',
    LOG_LEVEL: 'warn',
    PAPER_MARKET_DATA_URL: 'off',
    ADMIN_TOKEN: ADMIN,
    DEDUP_WINDOW_MS: '0',
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  async function boot(dataDir: string): Promise<{ app: INestApplication; url: string }> {
    const app = await createApp(settings(dataDir));
    await app.init();
    return { app, url: app.get<ResolvedDatabase>(RESOLVED_DATABASE).url };
  }

  it('round trip: backup while the service runs, restore into a new data directory, every row equal', async () => {
    const original = path.join(root, 'original');
    const { app, url } = await boot(original);
    let before: Record<string, string[]>;
    try {
      await trade(request(app.getHttpServer() as Server), url);
      await allSettled(url);
      before = await settledContents(url);
      expect(before.Signal.length).toBeGreaterThanOrEqual(6);
      expect(before.ExchangeOrder.length).toBeGreaterThanOrEqual(4);
      expect(before.Calculation.length).toBeGreaterThanOrEqual(3);
      expect(before.PaperAccount.length).toBe(1);

      const backup = await npm(['db:backup', '--', file], settings(original));
      expect(backup).toMatchObject({ code: 0 });
      expect(backup.output).toContain(`backup written to ${file}`);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      // Nothing changed meanwhile, so the backup must hold exactly `before`.
      expect(await contents(url)).toEqual(before);
      // The service's own Postgres is still up: the backup adopted it and left it running.
      await request(app.getHttpServer() as Server)
        .get('/api/admin/signals')
        .set('Authorization', `Bearer ${ADMIN}`)
        .expect(200);
      const text = gunzipSync(readFileSync(file)).toString();
      expect(text.split('\n')[0]).toBe(FORMAT_LINE);
      expect(text).toMatch(/\nEND [0-9a-f]{64}\n$/);
    } finally {
      await app.close();
    }

    const restoredDir = path.join(root, 'restored');
    const restore = await npm(['db:restore', '--', file], settings(restoredDir));
    expect(restore).toMatchObject({ code: 0 });
    expect(restore.output).toContain('restored');

    const restored = await boot(restoredDir);
    try {
      expect(await contents(restored.url)).toEqual(before!);
      // The service reads the restored records: the history and the paper position.
      const signals = await request(restored.app.getHttpServer() as Server)
        .get('/api/admin/signals?limit=200')
        .set('Authorization', `Bearer ${ADMIN}`)
        .expect(200);
      expect((signals.body as { items: unknown[] }).items).toHaveLength(before!.Signal.length);

      // With the service running, a restore is refused and changes nothing.
      const busy = await npm(['db:restore', '--', file, '--replace'], settings(restoredDir));
      expect(busy.code).toBe(1);
      expect(busy.output).toMatch(/other connection\(s\) to this database are open: stop tvbridge/);
    } finally {
      await restored.app.close();
    }

    // Into a database holding records: only with --replace.
    const again = await npm(['db:restore', '--', file], settings(restoredDir));
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/already holds \d+ rows: run again with --replace/);
    const replaced = await npm(['db:restore', '--', file, '--replace'], settings(restoredDir));
    expect(replaced).toMatchObject({ code: 0 });
    const last = await boot(restoredDir);
    try {
      expect(await contents(last.url)).toEqual(before!);
    } finally {
      await last.app.close();
    }
  }, 300_000);

  it('answers --help', async () => {
    for (const command of ['db:backup', 'db:restore']) {
      const help = await npm([command, '--', '--help'], {});
      expect(help).toMatchObject({ code: 0 });
      expect(help.output).toContain(`usage: npm run ${command}`);
    }
  }, 60_000);
});

describe('backup and restore on any server', () => {
  let source: TestApp;
  let dir: string;
  let file: string;
  let before: Record<string, string[]>;

  beforeAll(async () => {
    source = await createTestApp({ ADMIN_TOKEN: ADMIN }, 'backupsrc');
    await trade(source.http, source.db.url);
    await allSettled(source.db.url);
    before = await settledContents(source.db.url);
    dir = mkdtempSync(path.join(tmpdir(), 'tvbridge-backup-any-'));
    file = path.join(dir, 'any.backup.gz');
    await backupDatabase(source.db.url, file);
  });
  afterAll(async () => {
    await source.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A migrated, empty database, as a new server would have. */
  async function freshDatabase(label: string) {
    const db = await createTestDatabase(label);
    await applyMigrations(db.url);
    return db;
  }

  it('round trip into another database on the server', async () => {
    const target = await freshDatabase('restoreany');
    try {
      await restoreDatabase(target.url, file, { replace: false });
      expect(await contents(target.url)).toEqual(before);
    } finally {
      await target.drop();
    }
  });

  it('refuses a database at another schema version, and changes nothing', async () => {
    const target = await freshDatabase('restorever');
    try {
      await query(
        target.url,
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
        VALUES ('x', 'y', now(), '29990101000000_from_the_future', now(), 1)`,
      );
      await expect(restoreDatabase(target.url, file, { replace: true })).rejects.toThrow(
        /the backup is at schema version .* this database at 29990101000000_from_the_future/,
      );
      expect((await contents(target.url)).Signal).toEqual([]);
    } finally {
      await target.drop();
    }
  });

  it('refuses a damaged or truncated file, and changes nothing', async () => {
    const target = await freshDatabase('restorebad');
    try {
      const text = gunzipSync(readFileSync(file)).toString();
      const lines = text.split('\n');
      // One character of one recorded row altered: only the checksum can tell.
      const row = lines.findIndex((l, i) => i > 2 && l.includes('BTCUSDT') && !l.startsWith('COPY'));
      const damaged = [...lines];
      damaged[row] = damaged[row].replace('BTCUSDT', 'BTCUSDX');
      const damagedFile = path.join(dir, 'damaged.backup.gz');
      writeFileSync(damagedFile, gzipSync(damaged.join('\n')));
      await expect(restoreDatabase(target.url, damagedFile, { replace: false })).rejects.toThrow(
        /checksum does not match/,
      );
      expect((await contents(target.url)).Signal).toEqual([]);

      const truncatedFile = path.join(dir, 'truncated.backup.gz');
      writeFileSync(truncatedFile, gzipSync(lines.slice(0, row + 1).join('\n')));
      await expect(restoreDatabase(target.url, truncatedFile, { replace: false })).rejects.toThrow(/truncated/);
      expect((await contents(target.url)).Signal).toEqual([]);

      const notBackup = path.join(dir, 'not.gz');
      writeFileSync(notBackup, gzipSync('hello\n'));
      await expect(restoreDatabase(target.url, notBackup, { replace: false })).rejects.toThrow(/not a tvbridge backup/);
    } finally {
      await target.drop();
    }
  });
});
