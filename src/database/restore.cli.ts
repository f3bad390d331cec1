/**
 * `npm run db:restore -- FILE [--replace]`: loads a db:backup file into the
 * database the service uses, in one transaction. A fresh database is first
 * given the backup's schema version (its migrations, no later ones); the
 * service brings it up to date at its next start.
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BackupFormatError, schemaVersion } from './backup/backup-format';
import { readBackupHeader, restoreDatabase } from './backup/database-restore';
import { exitWithHelpIfAsked } from '../common/cli-help';
import { runCli, withServiceDatabase } from './database-cli';
import { readMigrations } from './migration-applier';

const USAGE = `usage: npm run db:restore -- FILE [--replace]

Loads a backup written by npm run db:backup into the database the service uses
(DATABASE_URL, or the embedded Postgres in DATA_DIR, from the environment or
.env). Stop tvbridge first. All or nothing: one transaction. A database that
already holds records is only overwritten with --replace.`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const files = args.filter((a) => a !== '--replace');
  if (files.length !== 1 || files[0].startsWith('-')) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  const file = path.resolve(files[0]);
  if (!existsSync(file)) throw new Error(`no such file: ${file}`);
  const header = await readBackupHeader(file);
  // The migrations that produced the backup's schema, as this release has them.
  const known = new Map(readMigrations().map((m) => [m.name, m]));
  const migrations = header.migrations.map((saved) => {
    const migration = known.get(saved.name);
    if (!migration)
      throw new BackupFormatError(
        `the backup is at schema version ${schemaVersion(header.migrations)}, which this tvbridge does not know ` +
          `(${saved.name}): restore it with a newer tvbridge`,
      );
    if (migration.checksum !== saved.checksum)
      throw new BackupFormatError(`migration ${saved.name} differs from the one the backup was written with`);
    return migration;
  });
  const { replaced } = await withServiceDatabase('db:restore', migrations, (url) =>
    restoreDatabase(url, file, { replace: args.includes('--replace') }),
  );
  const rows = header.tables.map((t) => `${t.name} ${t.rows}`).join(', ');
  process.stdout.write(
    `restored ${file} (written ${header.created_at})${replaced ? `, replacing ${replaced} rows` : ''}\n` +
      `  rows: ${rows}\n`,
  );
}

exitWithHelpIfAsked(USAGE);
runCli('db:restore', main);
