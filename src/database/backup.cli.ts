/**
 * `npm run db:backup [-- FILE]`: a consistent snapshot of tvbridge's tables
 * from the database the service uses (embedded or DATABASE_URL), while the
 * service keeps running. Format: src/database/backup/backup-format.ts.
 */
import 'reflect-metadata';
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { backupDatabase } from './backup/database-backup';
import { exitWithHelpIfAsked } from '../common/cli-help';
import { runCli, withServiceDatabase } from './database-cli';

const USAGE = `usage: npm run db:backup [-- FILE | DIRECTORY]

Writes every tvbridge table, in one consistent snapshot, to FILE, or to
DIRECTORY/tvbridge-<UTC time>.backup.gz (default directory: backups), mode 0600;
an existing file is never overwritten. Uses DATABASE_URL, or the embedded
Postgres in DATA_DIR, from the environment or .env, like the service. Safe
while the service runs. Restore with npm run db:restore -- FILE.`;

function isDirectory(target: string): boolean {
  try {
    return statSync(target).isDirectory();
  } catch {
    return false;
  }
}

function backupFile(target = 'backups'): string {
  if (target !== 'backups' && !target.endsWith('/') && !isDirectory(target)) return path.resolve(target);
  return path.resolve(target, `tvbridge-${new Date().toISOString().replace(/[:.]/g, '-')}.backup.gz`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.length > 1 || args.some((a) => a.startsWith('-'))) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  const file = backupFile(args[0]);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // Nothing is migrated: a backup taken before an upgrade must hold the old schema.
  const { header } = await withServiceDatabase('db:backup', [], (url) => backupDatabase(url, file));
  const rows = header.tables.map((t) => `${t.name} ${t.rows}`).join(', ');
  process.stdout.write(
    `backup written to ${file}\n  schema version ${header.migrations.at(-1)!.name}; rows: ${rows}\n`,
  );
}

exitWithHelpIfAsked(USAGE);
runCli('db:backup', main);
