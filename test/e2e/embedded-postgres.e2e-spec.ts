import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres';
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
    const readable = spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(path.join(root, 'node_modules', 'pg', 'package.json'))})`], { uid, gid });
    if (readable.status !== 0) {
      process.stderr.write('skipped: the nobody user cannot read this checkout\n');
      return;
    }
    const home = mkdtempSync(path.join(tmpdir(), 'tvb-user-'));
    chownSync(home, uid, gid);
    const result = spawnSync(process.execPath, ['-r', '@swc-node/register', 'test/support/embedded-as-user.ts', path.join(home, 'pg')], {
      cwd: path.resolve(__dirname, '../..'),
      uid,
      gid,
      env: { PATH: process.env.PATH, HOME: home, SWC_NODE_IGNORE_DYNAMIC: 'true' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    rmSync(home, { recursive: true, force: true });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ uid });
  });
});
