/**
 * Loads a backup file into tvbridge's tables, all in one transaction: the
 * schema version must be the backup's, nothing else may be connected, every
 * row count and the file's checksum must match, or nothing changes at all.
 * Existing records are only replaced when asked (`--replace`).
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  BackupFormatError,
  BackupHeader,
  copyFromLine,
  END_OF_DATA,
  parseHeader,
  quoteIdentifier,
  schemaVersion,
  TRAILER_PREFIX,
} from './backup-format';
import { appliedMigrations, describeTables } from './tvbridge-tables';

export class RestoreRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefusedError';
  }
}

/** The backup's lines, in order, with a running sha256 of what was read. */
class BackupReader {
  private readonly lines: AsyncIterator<string>;
  private readonly hash = createHash('sha256');
  private readonly input: ReturnType<typeof createReadStream>;

  constructor(file: string) {
    this.input = createReadStream(file);
    const gunzip = createGunzip();
    // A read error (missing file, I/O) surfaces through the line iterator.
    this.input.once('error', (error) => gunzip.destroy(error));
    this.input.pipe(gunzip);
    // COPY text and JSON escape carriage returns, so every line ends in exactly "\n".
    this.lines = createInterface({ input: gunzip, crlfDelay: Infinity })[Symbol.asyncIterator]();
  }

  close(): void {
    this.input.destroy();
  }

  async next(): Promise<string | undefined> {
    let result: IteratorResult<string>;
    try {
      result = await this.lines.next();
    } catch (error) {
      throw new BackupFormatError(
        `the backup cannot be read: ${(error as Error).message} (file damaged or truncated?)`,
      );
    }
    return result.done ? undefined : result.value;
  }

  /** Lines that are part of the checksum. */
  async nextHashed(): Promise<string | undefined> {
    const line = await this.next();
    if (line !== undefined) this.hash.update(`${line}\n`);
    return line;
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

/** Reads only the header: what a backup holds, without touching a database. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const reader = new BackupReader(file);
  try {
    return parseHeader(await reader.next(), await reader.next());
  } finally {
    reader.close();
  }
}

function sameMigrations(a: Array<{ name: string }>, b: Array<{ name: string }>): boolean {
  return a.length === b.length && a.every((m, i) => m.name === b[i].name);
}

async function refuseOtherSessions(client: Client): Promise<void> {
  const { rows } = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
  );
  const others = Number(rows[0].n);
  if (others > 0) {
    throw new RestoreRefusedError(
      `${others} other connection(s) to this database are open: ` +
        'stop tvbridge (and anything else using the database) before restoring',
    );
  }
}

async function copyRows(client: Client, reader: BackupReader, table: BackupHeader['tables'][number]): Promise<number> {
  const columns = table.columns.map(quoteIdentifier).join(', ');
  const stream = client.query(copyFrom(`COPY ${quoteIdentifier(table.name)} (${columns}) FROM STDIN`));
  const done = finished(stream);
  let rows = 0;
  try {
    for (let line = await reader.nextHashed(); line !== END_OF_DATA; line = await reader.nextHashed()) {
      if (line === undefined) throw new BackupFormatError(`the backup ends inside table ${table.name} (truncated?)`);
      rows++;
      if (!stream.write(`${line}\n`)) await Promise.race([once(stream, 'drain'), done]);
    }
    stream.end();
    await done;
  } catch (error) {
    // CopyFail ends the COPY on the server; until then the connection could not roll back.
    stream.destroy(error as Error);
    await done.catch(() => undefined);
    throw error;
  }
  return rows;
}

export interface RestoreSummary {
  header: BackupHeader;
  replaced: number;
}

export async function restoreDatabase(
  connectionString: string,
  file: string,
  options: { replace: boolean },
): Promise<RestoreSummary> {
  const reader = new BackupReader(file);
  let header: BackupHeader;
  try {
    header = parseHeader(await reader.nextHashed(), await reader.nextHashed());
  } catch (error) {
    reader.close();
    throw error;
  }
  const client = new Client({ connectionString });
  client.on('error', () => undefined);
  await client.connect().catch((error: Error) => {
    reader.close();
    throw error;
  });
  try {
    await client.query('BEGIN');
    const migrations = await appliedMigrations(client);
    if (!sameMigrations(migrations, header.migrations)) {
      throw new RestoreRefusedError(
        `the backup is at schema version ${schemaVersion(header.migrations)} ` +
          `(${header.migrations.length} migrations), this database at ${schemaVersion(migrations)} ` +
          `(${migrations.length}): restore with the tvbridge release that wrote the backup, ` +
          'into a database it created, then upgrade',
      );
    }
    const tables = await describeTables(client);
    for (const table of tables) {
      const saved = header.tables.find((t) => t.name === table.name);
      if (!saved || [...saved.columns].sort().join() !== [...table.columns].sort().join()) {
        throw new RestoreRefusedError(
          `table ${table.name} has other columns in the backup than in this database (schema edited by hand?)`,
        );
      }
    }
    const unknown = header.tables.find((t) => !tables.some((table) => table.name === t.name));
    if (unknown)
      throw new RestoreRefusedError(`the backup holds table ${unknown.name}, which this database does not have`);
    await refuseOtherSessions(client);
    // Nobody may write between the check for existing rows and the commit.
    await client.query(`LOCK TABLE ${tables.map((t) => quoteIdentifier(t.name)).join(', ')} IN ACCESS EXCLUSIVE MODE`);
    let existing = 0;
    for (const table of tables) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoteIdentifier(table.name)}`);
      existing += Number(rows[0].n);
    }
    if (existing > 0 && !options.replace) {
      throw new RestoreRefusedError(
        `the database already holds ${existing} rows: run again with --replace to replace them with the backup's`,
      );
    }
    // Children first: every foreign key still holds after each statement.
    for (const table of [...tables].reverse()) await client.query(`DELETE FROM ${quoteIdentifier(table.name)}`);
    for (const table of header.tables) {
      const line = await reader.nextHashed();
      if (line !== copyFromLine(table))
        throw new BackupFormatError(
          `expected the rows of table ${table.name}, found ${JSON.stringify(line?.slice(0, 80))}`,
        );
      const rows = await copyRows(client, reader, table);
      if (rows !== table.rows)
        throw new BackupFormatError(`table ${table.name}: the header says ${table.rows} rows, the file holds ${rows}`);
    }
    const digest = reader.digest();
    const trailer = await reader.next();
    if (trailer === undefined) throw new BackupFormatError('the backup lacks its END line (truncated?)');
    if (trailer !== `${TRAILER_PREFIX}${digest}`)
      throw new BackupFormatError("the backup's checksum does not match its content (file damaged?)");
    if ((await reader.next()) !== undefined) throw new BackupFormatError('the backup has data after its END line');
    await client.query('COMMIT');
    return { header, replaced: existing };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    reader.close();
    await client.end().catch(() => undefined);
  }
}
