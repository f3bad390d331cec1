/**
 * Decides which Postgres the service uses: DATABASE_URL when configured,
 * otherwise an embedded server with its data under DATA_DIR/postgres. Either
 * way the schema is migrated before anything else touches it.
 */
import { Logger } from '@nestjs/common';
import path from 'node:path';
import { Client } from 'pg';
import { AppConfig } from '../config/app-config';
import { EmbeddedPostgres } from './embedded-postgres';
import { applyMigrations, MigrationFile, readMigrations } from './migration-applier';

export const RESOLVED_DATABASE = Symbol('RESOLVED_DATABASE');

export interface ResolvedDatabase {
  url: string;
  embedded?: EmbeddedPostgres;
  /** For the log: the URL without its password. */
  description: string;
}

const EMBEDDED_DATABASE_NAME = 'tvbridge';

export function describeDatabaseUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

/**
 * `migrations`: what to apply; the service applies all of them, a backup none
 * (it must not upgrade what it is saving), a restore those of the backup.
 */
export async function resolveDatabase(
  config: AppConfig,
  logger = new Logger('Database'),
  migrations: MigrationFile[] = readMigrations(),
): Promise<ResolvedDatabase> {
  let resolved: ResolvedDatabase;
  if (config.databaseUrl) {
    resolved = { url: config.databaseUrl, description: describeDatabaseUrl(config.databaseUrl) };
  } else {
    const embedded = new EmbeddedPostgres({
      dataDir: path.join(config.dataDir, 'postgres'),
      port: config.embeddedPostgresPort,
      log: (line) => logger.log(line),
    });
    const server = await embedded.start();
    await ensureDatabase(server.url, EMBEDDED_DATABASE_NAME);
    const url = server.url.replace(/\/postgres$/, `/${EMBEDDED_DATABASE_NAME}`);
    resolved = {
      url,
      embedded,
      description: `embedded Postgres (${path.resolve(config.dataDir, 'postgres')}) at ${describeDatabaseUrl(url)}`,
    };
  }
  logger.log(`using database ${resolved.description}`);
  const { applied } = await applyMigrations(resolved.url, migrations, (line) => logger.log(line));
  logger.log(applied.length ? `schema migrated (${applied.length} applied)` : 'schema up to date');
  return resolved;
}
