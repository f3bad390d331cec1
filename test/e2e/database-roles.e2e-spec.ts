/**
 * The least-privilege setup docs/security.md gives for an external database,
 * run as written (role and database names made unique): migrations as the
 * owner through DATABASE_MIGRATION_URL, the service as a role that can read
 * and write rows and nothing else.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { query, serverUrl } from '../support/test-database';
import { createTestApp, TestApp } from '../support/test-app';

const DOC = readFileSync(path.resolve(__dirname, '../../docs/security.md'), 'utf8');
const SQL_BLOCKS = [...DOC.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]);

/** The passwords are the docs' own (the test server may check them). */
const PASSWORDS: Record<string, string> = { owner: 'change-me-owner', service: 'change-me-service' };

function urlFor(user: string, database: string, password?: string): string {
  const url = new URL(serverUrl());
  if (password !== undefined) {
    url.username = user;
    url.password = password;
  }
  url.pathname = `/${database}`;
  return url.toString();
}

/** One statement at a time, as psql runs a script (CREATE DATABASE cannot share a transaction). */
async function runScript(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const statements = sql
      .replace(/^--.*$/gm, '')
      .split(/;\s*$/m)
      .map((s) => s.trim())
      .filter(Boolean);
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

describe('least-privilege roles on an external database (docs/security.md)', () => {
  const suffix = randomBytes(3).toString('hex');
  const owner = `tvb_owner_${suffix}`;
  const service = `tvb_service_${suffix}`;
  const database = `tvb_roles_${suffix}`;
  const named = (sql: string) =>
    sql
      .replace(/tvbridge_owner/g, owner)
      .replace(/tvbridge_service/g, service)
      .replace(/\btvbridge\b/g, database);
  let t: TestApp;
  let asOwner: string;
  let asService: string;

  beforeAll(async () => {
    const [setup, revoke] = SQL_BLOCKS.map(named);
    asOwner = urlFor(owner, database, PASSWORDS.owner);
    asService = urlFor(service, database, PASSWORDS.service);
    const [onServer, onDatabase] = setup.split(/^\\c .*$/m);
    await runScript(serverUrl(), onServer);
    await runScript(urlFor('', database), onDatabase);
    t = await createTestApp({ DATABASE_URL: asService, DATABASE_MIGRATION_URL: asOwner }, 'roles');
    await runScript(asOwner, revoke);
  });
  afterAll(async () => {
    await t?.close();
    await query(serverUrl(), `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await query(serverUrl(), `DROP ROLE IF EXISTS "${service}"`);
    await query(serverUrl(), `DROP ROLE IF EXISTS "${owner}"`);
  });

  it('migrates as the owner and records signals as the service role', async () => {
    const tables = await query<{ tableowner: string }>(
      asOwner,
      `SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'`,
    );
    expect(tables).toEqual([{ tableowner: owner }]);
    const res = await t.http
      .post('/api/binance/advanced-trading-webhook')
      .send({ symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5, entry: 50000 })
      .expect(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await query(asService, 'SELECT status FROM "Signal" WHERE id = $1', [res.body.id])).toEqual([
      { status: 'EXECUTED' },
    ]);
  });

  it('gives the service role no schema, history or superuser rights', async () => {
    await expect(query(asService, 'CREATE TABLE intruder (x int)')).rejects.toThrow(/permission denied/);
    await expect(query(asService, 'ALTER TABLE "Signal" ADD COLUMN x int')).rejects.toThrow(/must be owner/);
    await expect(query(asService, 'DELETE FROM "_prisma_migrations"')).rejects.toThrow(/permission denied/);
    await expect(query(asService, "COPY (SELECT 1) TO PROGRAM 'id'")).rejects.toThrow(
      /permission denied|must be superuser/,
    );
  });
});
