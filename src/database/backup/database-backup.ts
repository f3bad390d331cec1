/**
 * Writes a consistent snapshot of tvbridge's tables to a backup file: one
 * REPEATABLE READ, READ ONLY transaction sees every table at the same instant,
 * while the service keeps running and writing. The file is written beside its
 * final name and linked into place once complete, so a crash never leaves a
 * truncated file that looks like a backup, and an earlier backup of the same
 * name is never overwritten.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { closeSync, createWriteStream, existsSync, fsyncSync, linkSync, openSync, rmSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Transform, Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { BackupHeader, copyFromLine, END_OF_DATA, headerText, quoteIdentifier, TRAILER_PREFIX } from './backup-format';
import { appliedMigrations, describeTables } from './tvbridge-tables';

export interface BackupSummary {
  file: string;
  header: BackupHeader;
}

/** Counts newlines (one per COPY text row) while passing the bytes on. */
class LineCounter extends Transform {
  lines = 0;
  override _transform(
    chunk: Buffer,
    _encoding: BufferEncoding,
    done: (error?: Error | null, data?: Buffer) => void,
  ): void {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) this.lines++;
    done(null, chunk);
  }
}

export async function backupDatabase(connectionString: string, file: string): Promise<BackupSummary> {
  if (existsSync(file))
    throw new Error(`${file} already exists: choose another name (an earlier backup is never overwritten)`);
  const draft = `${file}.partial-${process.pid}`;
  const client = new Client({ connectionString });
  client.on('error', () => undefined);
  await client.connect();
  const gzip = createGzip();
  // The backup holds every record (and the encrypted credentials): owner only.
  const out = createWriteStream(draft, { mode: 0o600 });
  const written = pipeline(gzip, out);
  const hash = createHash('sha256');
  const write = async (data: string | Buffer): Promise<void> => {
    hash.update(data);
    if (!gzip.write(data)) await once(gzip, 'drain');
  };
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const migrations = await appliedMigrations(client);
    if (!migrations.length)
      throw new Error('the database has no tvbridge schema (no applied migrations): nothing to back up');
    const tables = await describeTables(client);
    const counted = [];
    for (const table of tables) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoteIdentifier(table.name)}`);
      counted.push({ ...table, rows: Number(rows[0].n) });
    }
    const header: BackupHeader = { created_at: new Date().toISOString(), migrations, tables: counted };
    await write(headerText(header));
    for (const table of counted) {
      await write(`${copyFromLine(table)}\n`);
      const counter = new LineCounter();
      const columns = table.columns.map(quoteIdentifier).join(', ');
      await pipeline(
        client.query(copyTo(`COPY ${quoteIdentifier(table.name)} (${columns}) TO STDOUT`)),
        counter,
        new Writable({ write: (chunk: Buffer, _encoding, done) => void write(chunk).then(() => done(), done) }),
      );
      // Same snapshot as the count: a difference means the file would not restore.
      if (counter.lines !== table.rows)
        throw new Error(`table ${table.name}: counted ${table.rows} rows but COPY wrote ${counter.lines}`);
      await write(`${END_OF_DATA}\n`);
    }
    await client.query('COMMIT');
    gzip.end(`${TRAILER_PREFIX}${hash.digest('hex')}\n`);
    await written;
    const fd = openSync(draft, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    linkSync(draft, file);
    rmSync(draft);
    return { file, header };
  } catch (error) {
    gzip.destroy();
    await written.catch(() => undefined);
    rmSync(draft, { force: true });
    throw error;
  } finally {
    await client.end();
  }
}
