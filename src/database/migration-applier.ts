/**
 * Applies prisma/migrations/<name>/migration.sql in name order, each in its own
 * transaction, and records them in `_prisma_migrations` exactly as Prisma
 * Migrate does (sha256 checksum of the file), so `prisma migrate deploy` on a
 * connected machine sees them as applied. Prisma's own schema engine cannot be
 * downloaded everywhere this service runs, hence this applier.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

/** The advisory lock key Prisma Migrate itself takes: we exclude each other. */
export const PRISMA_MIGRATE_LOCK_KEY = 72707369;

export const DEFAULT_MIGRATIONS_DIR = path.resolve(__dirname, '..', '..', 'prisma', 'migrations');

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

export function readMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): MigrationFile[] {
  if (!existsSync(dir)) throw new MigrationError(`migrations directory not found: ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: migrationChecksum(sql) };
    });
}

const BOOKKEEPING_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export interface ApplyResult {
  applied: string[];
  alreadyApplied: string[];
}

/**
 * Brings the database at `connectionString` up to date. Refuses (throws) when
 * a migration that was applied has since been edited, or when an earlier
 * migration is recorded as failed, as Prisma would.
 */
export async function applyMigrations(
  connectionString: string,
  migrations: MigrationFile[] = readMigrations(),
  log: (line: string) => void = () => undefined,
): Promise<ApplyResult> {
  const client = new Client({ connectionString });
  // A dropped connection rejects the pending query; the event itself must not crash us.
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
    try {
      return await applyLocked(client, migrations, log);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

async function applyLocked(
  client: Client,
  migrations: MigrationFile[],
  log: (line: string) => void,
): Promise<ApplyResult> {
  await client.query(BOOKKEEPING_TABLE);
  const { rows } = await client.query<AppliedRow>(
    'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE rolled_back_at ' +
      'IS NULL ORDER BY started_at',
  );
  const failed = rows.find((row) => row.finished_at === null);
  if (failed) {
    throw new MigrationError(
      `migration ${failed.migration_name} is recorded as failed; resolve it (prisma migrate resolve) before starting`,
    );
  }
  const applied = new Map(rows.map((row) => [row.migration_name, row.checksum]));
  for (const migration of migrations) {
    const checksum = applied.get(migration.name);
    if (checksum !== undefined && checksum !== migration.checksum) {
      throw new MigrationError(
        `migration ${migration.name} was changed after it was applied (checksum ${checksum.slice(0, 12)}… in the ` +
          `database, ${migration.checksum.slice(0, 12)}… on disk); restore the original file and add a new ` +
          `migration instead`,
      );
    }
  }
  const result: ApplyResult = { applied: [], alreadyApplied: [] };
  for (const migration of migrations) {
    if (applied.has(migration.name)) {
      result.alreadyApplied.push(migration.name);
      continue;
    }
    const startedAt = new Date();
    await client.query('BEGIN');
    try {
      await client.query(migration.sql);
      await client.query(
        `INSERT INTO "_prisma_migrations"
           (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
         VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
        [randomUUID(), migration.checksum, migration.name, startedAt],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw new MigrationError(`migration ${migration.name} failed and was rolled back: ${(error as Error).message}`);
    }
    log(`applied migration ${migration.name}`);
    result.applied.push(migration.name);
  }
  return result;
}
