import { mkdtempSync, rmSync } from 'node:fs';
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
});
