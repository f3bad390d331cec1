/**
 * Decides which Postgres the service uses: DATABASE_URL when configured,
 * otherwise an embedded server with its data under DATA_DIR/postgres. Either
 * way the schema is migrated before anything else touches it, as the role
 * that owns it: DATABASE_MIGRATION_URL (else DATABASE_URL), or the embedded
 * superuser. On the embedded server the service itself then connects as its
 * own least-privilege role.
 */
import { Logger } from '@nestjs/common';
import path from 'node:path';
import { Client } from 'pg';
import { AppConfig } from '../config/app-config';
import { EmbeddedPostgres } from './embedded-postgres';
import { applyMigrations, MigrationFile, readMigrations } from './migration-applier';
import { ensureServiceRole, SERVICE_ROLE } from './service-role';

export const RESOLVED_DATABASE = Symbol('RESOLVED_DATABASE');

export interface ResolvedDatabase {
  /** What the service connects with. */
  url: string;
  /** The role owning the schema: migrations, backups and restores (not the service's everyday work). */
  adminUrl: string;
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
    resolved = {
      url: config.databaseUrl,
      adminUrl: config.databaseMigrationUrl ?? config.databaseUrl,
      description: describeDatabaseUrl(config.databaseUrl),
    };
  } else {
    const embedded = new EmbeddedPostgres({
      dataDir: path.join(config.dataDir, 'postgres'),
      port: config.embeddedPostgresPort,
      log: (line) => logger.log(line),
    });
    const server = await embedded.start();
    await ensureDatabase(server.url, EMBEDDED_DATABASE_NAME);
    const dataPath = path.resolve(config.dataDir, 'postgres');
    const adminUrl = server.url.replace(/\/postgres$/, `/${EMBEDDED_DATABASE_NAME}`);
    const service = new URL(adminUrl);
    service.username = SERVICE_ROLE;
    service.password = encodeURIComponent(embedded.credentials().servicePassword);
    resolved = {
      url: service.toString(),
      adminUrl,
      embedded,
      description: `embedded Postgres (${dataPath}) at ${describeDatabaseUrl(service.href)}`,
    };
  }
  logger.log(`using database ${resolved.description}`);
  const { applied } = await applyMigrations(resolved.adminUrl, migrations, (line) => logger.log(line));
  logger.log(applied.length ? `schema migrated (${applied.length} applied)` : 'schema up to date');
  if (resolved.embedded) await ensureServiceRole(resolved.adminUrl, resolved.embedded.credentials().servicePassword);
  return resolved;
}
