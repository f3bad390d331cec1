import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/app-factory';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { RESOLVED_DATABASE, ResolvedDatabase } from '../../src/database/resolved-database';
import { SignalJournal } from '../../src/journal/signal-journal';
import { query } from '../support/test-database';

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('embedded Postgres', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'tvb-embedded-'));
  const dataDir = path.join(root, 'postgres');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('initialises, starts, keeps data across a restart, and stops', async () => {
    const first = new EmbeddedPostgres({ dataDir, port: 0 });
    const server = await first.start();
    expect(server.adopted).toBe(false);
    await query(server.url, 'CREATE TABLE kept (note text)');
    await query(server.url, "INSERT INTO kept VALUES ('survives a restart')");
    await first.stop();
    expect(await portOpen(server.port)).toBe(false);

    const second = new EmbeddedPostgres({ dataDir, port: 0 });
    const again = await second.start();
    const rows = await query<{ note: string }>(again.url, 'SELECT note FROM kept');
    expect(rows).toEqual([{ note: 'survives a restart' }]);
    await second.stop();
    expect(await portOpen(again.port)).toBe(false);
  });

  it('adopts a server left running by a process that died, then stops it', async () => {
    const crashed = new EmbeddedPostgres({ dataDir, port: 0 });
    const server = await crashed.start();
    // A new manager (as after a restart of the service) finds the live server.
    const next = new EmbeddedPostgres({ dataDir, port: 0 });
    const adopted = await next.start();
    expect(adopted).toMatchObject({ adopted: true, port: server.port });
    await query(adopted.url, 'SELECT 1');
    await next.stop();
    expect(await portOpen(server.port)).toBe(false);
  });

  it('generates a random superuser password at first start, owner-readable only; "postgres" is refused', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'tvb-embedded-pw-')), 'postgres');
    const embedded = new EmbeddedPostgres({ dataDir: dir, port: 0 });
    const server = await embedded.start();
    try {
      expect(statSync(embedded.credentialsFile).mode & 0o777).toBe(0o600);
      const kept = JSON.parse(readFileSync(embedded.credentialsFile, 'utf8'));
      expect(kept.superuserPassword).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(decodeURIComponent(new URL(server.url).password)).toBe(kept.superuserPassword);
      await expect(
        query(`postgresql://postgres:postgres@127.0.0.1:${server.port}/postgres`, 'SELECT 1'),
      ).rejects.toThrow(/password authentication failed/);
    } finally {
      await embedded.stop();
      rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });

  it('replaces the fixed password of a data directory made by an earlier version', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'tvb-embedded-old-')), 'postgres');
    const first = new EmbeddedPostgres({ dataDir: dir, port: 0 });
    const old = await first.start();
    // What earlier versions left: the superuser's password "postgres" and no credentials file.
    await query(old.url, "ALTER ROLE postgres PASSWORD 'postgres'");
    await first.stop();
    rmSync(first.credentialsFile);
    const second = new EmbeddedPostgres({ dataDir: dir, port: 0 });
    const server = await second.start();
    try {
      await expect(
        query(`postgresql://postgres:postgres@127.0.0.1:${server.port}/postgres`, 'SELECT 1'),
      ).rejects.toThrow(/password authentication failed/);
      expect(await query(server.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await second.stop();
      rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });

  it('runs the service as its own non-superuser role, without DDL, file or program rights', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tvb-embedded-app-'));
    const app = await createApp({
      DATA_DIR: dataDir,
      EMBEDDED_POSTGRES_PORT: '0',
      PORT: '0',
      LOG_LEVEL: 'warn',
      LOG_FILE: path.join(dataDir, 'log'),
      PAPER_MARKET_DATA_URL: 'off',
    });
    await app.init();
    try {
      const db = app.get<ResolvedDatabase>(RESOLVED_DATABASE);
      expect(new URL(db.url).username).toBe('tvbridge_service');
      const [me] = await query<{ rolsuper: boolean; rolcreatedb: boolean; rolcreaterole: boolean }>(
        db.url,
        'SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = current_user',
      );
      expect(me).toEqual({ rolsuper: false, rolcreatedb: false, rolcreaterole: false });
      await expect(query(db.url, "COPY (SELECT 1) TO PROGRAM 'id'")).rejects.toThrow(
        /permission denied|must be superuser|pg_execute_server_program/,
      );
      await expect(query(db.url, "SELECT pg_read_file('PG_VERSION')")).rejects.toThrow(/permission denied/);
      await expect(query(db.url, 'CREATE TABLE intruder (x int)')).rejects.toThrow(/permission denied/);
      await expect(query(db.url, 'DROP TABLE "Signal"')).rejects.toThrow(/must be owner|permission denied/);
      await expect(query(db.url, 'DELETE FROM "_prisma_migrations"')).rejects.toThrow(/permission denied/);
      // …and it does its work: a signal is recorded, the paper account kept.
      const res = await request(app.getHttpServer())
        .post('/api/binance/advanced-trading-webhook')
        .send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5, entry: 50000 })
        .expect(200);
      await app.get(SignalJournal).settled();
      expect(await query(db.url, 'SELECT status FROM "Signal" WHERE id = $1', [res.body.id])).toEqual([
        { status: 'EXECUTED' },
      ]);
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  (isRoot ? it : it.skip)('runs as root from a Node binary the postgres user cannot reach (nvm under /root)', () => {
    const privateDir = mkdtempSync(path.join(tmpdir(), 'tvb-private-node-'));
    const node = path.join(privateDir, 'node');
    copyFileSync(process.execPath, node);
    chmodSync(node, 0o755);
    const home = mkdtempSync(path.join(tmpdir(), 'tvb-root-'));
    const script = ['-r', '@swc-node/register', 'test/support/embedded-as-user.ts', path.join(home, 'pg')];
    const result = spawnSync(node, script, {
      cwd: path.resolve(__dirname, '../..'),
      env: { PATH: process.env.PATH, HOME: home, SWC_NODE_IGNORE_DYNAMIC: 'true' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    rmSync(privateDir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ uid: 0 });
  });

  (isRoot ? it : it.skip)('also runs for a normal (non-root) user', () => {
    const uid = Number(execFileSync('id', ['-u', 'nobody']).toString());
    const gid = Number(execFileSync('id', ['-g', 'nobody']).toString());
    const root = path.resolve(__dirname, '../..');
    // Only meaningful where that user can read the checkout (not under a private home).
    const readable = spawnSync(
      process.execPath,
      ['-e', `require('fs').accessSync(${JSON.stringify(path.join(root, 'node_modules', 'pg', 'package.json'))})`],
      { uid, gid },
    );
    if (readable.status !== 0) {
      process.stderr.write('skipped: the nobody user cannot read this checkout\n');
      return;
    }
    const home = mkdtempSync(path.join(tmpdir(), 'tvb-user-'));
    chownSync(home, uid, gid);
    const result = spawnSync(
      process.execPath,
      ['-r', '@swc-node/register', 'test/support/embedded-as-user.ts', path.join(home, 'pg')],
      {
        cwd: path.resolve(__dirname, '../..'),
        uid,
        gid,
        env: { PATH: process.env.PATH, HOME: home, SWC_NODE_IGNORE_DYNAMIC: 'true' },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    rmSync(home, { recursive: true, force: true });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ uid });
  });
});
