import { cpSync, mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  applyMigrations,
  DEFAULT_MIGRATIONS_DIR,
  migrationChecksum,
  readMigrations,
} from '../../src/database/migration-applier';
import { createTestDatabase, query, TestDatabase } from '../support/test-database';

const SHA_SELECT_1 = 'b4e0497804e46e0a0b0b8c31975b062152d551bac49c3c2e80932567b4085dcd';

describe('migration applier', () => {
  const dbs: TestDatabase[] = [];
  async function freshDb(): Promise<TestDatabase> {
    const db = await createTestDatabase('migrate');
    dbs.push(db);
    return db;
  }
  afterAll(async () => Promise.all(dbs.map((db) => db.drop())));

  it('applies every migration to an empty database and records it as Prisma does', async () => {
    const db = await freshDb();
    const files = readMigrations();
    const result = await applyMigrations(db.url);
    expect(result.applied).toEqual(files.map((f) => f.name));
    const rows = await query<{
      migration_name: string;
      checksum: string;
      finished_at: Date;
      applied_steps_count: number;
      id: string;
      rolled_back_at: Date | null;
    }>(db.url, 'SELECT * FROM "_prisma_migrations" ORDER BY migration_name');
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    for (const [i, row] of rows.entries()) {
      expect(row.checksum).toBe(files[i].checksum);
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    }
    const tables = await query<{ table_name: string }>(
      db.url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(['Signal', 'Calculation', 'ExchangeOrder', '_prisma_migrations']),
    );
  });

  it('is a no-op on a second run', async () => {
    const db = await freshDb();
    await applyMigrations(db.url);
    const again = await applyMigrations(db.url);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toHaveLength(readMigrations().length);
    const [{ count }] = await query<{ count: string }>(db.url, 'SELECT count(*) FROM "_prisma_migrations"');
    expect(Number(count)).toBe(readMigrations().length);
  });

  it('uses the hex sha256 of the file bytes, which is what prisma migrate deploy compares', () => {
    const [first] = readMigrations();
    expect(first.checksum).toBe(migrationChecksum(first.sql));
    // sha256("SELECT 1;\n"), computed independently with sha256sum
    expect(migrationChecksum('SELECT 1;\n')).toBe(SHA_SELECT_1);
  });

  it('refuses to start when an applied migration file has changed', async () => {
    const db = await freshDb();
    await applyMigrations(db.url);
    const dir = mkdtempSync(path.join(tmpdir(), 'tvb-migrations-'));
    cpSync(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
    const [first] = readMigrations(dir);
    writeFileSync(path.join(dir, first.name, 'migration.sql'), `${first.sql}\n-- edited afterwards\n`);
    await expect(applyMigrations(db.url, readMigrations(dir))).rejects.toThrow(
      new RegExp(`migration ${first.name} was changed after it was applied`),
    );
  });

  it('applies a new migration after the existing ones, and rolls a failing one back whole', async () => {
    const db = await freshDb();
    await applyMigrations(db.url);
    const dir = mkdtempSync(path.join(tmpdir(), 'tvb-migrations-'));
    cpSync(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
    mkdirSync(path.join(dir, '29991231000000_broken'));
    writeFileSync(
      path.join(dir, '29991231000000_broken', 'migration.sql'),
      'CREATE TABLE "Half" (id int);\nSELECT no_such_function();\n',
    );
    await expect(applyMigrations(db.url, readMigrations(dir))).rejects.toThrow(
      /29991231000000_broken failed and was rolled back/,
    );
    const half = await query(db.url, "SELECT 1 FROM information_schema.tables WHERE table_name = 'Half'");
    expect(half).toHaveLength(0);

    writeFileSync(path.join(dir, '29991231000000_broken', 'migration.sql'), 'CREATE TABLE "Later" (id int);\n');
    const result = await applyMigrations(db.url, readMigrations(dir));
    expect(result.applied).toEqual(['29991231000000_broken']);
  });

  it('applies each migration once when several instances start at the same moment', async () => {
    const db = await freshDb();
    const results = await Promise.all([1, 2, 3, 4].map(() => applyMigrations(db.url)));
    const appliedNames = results.flatMap((r) => r.applied).sort();
    expect(appliedNames).toEqual(readMigrations().map((m) => m.name));
    const rows = await query<{ migration_name: string; n: string }>(
      db.url,
      'SELECT migration_name, count(*) AS n FROM "_prisma_migrations" GROUP BY 1',
    );
    expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
  });
});
