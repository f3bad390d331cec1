/**
 * What the database commands (db:migrate, db:backup, db:restore) share: the
 * service's own settings (environment and `.env`), the database the service
 * uses (DATABASE_URL or the embedded one) reached as its schema owner (the
 * migration role: the service's own role may only read and write rows), and
 * leaving an embedded Postgres that a running service owns running.
 */
import { Logger } from '@nestjs/common';
import { parseEnv } from '../config/app-config';
import { loadDotEnvIfPresent } from '../config/dotenv';
import { MigrationFile } from './migration-applier';
import { resolveDatabase } from './resolved-database';

export async function withServiceDatabase<T>(
  name: string,
  migrations: MigrationFile[] | undefined,
  run: (url: string) => Promise<T>,
): Promise<T> {
  loadDotEnvIfPresent();
  const config = parseEnv(process.env);
  const database = await resolveDatabase(config, new Logger(name), migrations);
  try {
    return await run(database.adminUrl);
  } finally {
    await database.embedded?.stopIfLaunched();
  }
}

/** Runs a command's main(): its own message on failure, one line, exit 1. */
export function runCli(name: string, main: () => Promise<void>): void {
  main().catch((error: Error) => {
    process.stderr.write(`${name} failed: ${error.message}\n`);
    process.exit(1);
  });
}
