/**
 * The backup file of `npm run db:backup` / `db:restore`: gzip-compressed UTF-8
 * text, readable with `zcat`, close to what pg_dump's plain format holds for
 * data, and written by the service's own Postgres client, so it works against
 * any server version (the embedded Postgres 18 ships no pg_dump, and an older
 * pg_dump refuses a newer server).
 *
 *   TVBRIDGE-BACKUP 1                              format line (the format's version)
 *   {"created_at":…,"migrations":[…],"tables":[…]} header: the schema version (applied
 *                                                  migrations, in order) and each table's
 *                                                  columns and row count
 *   COPY "Signal" ("id", …) FROM stdin;             per table, parents before children:
 *   <one line per row, COPY text format>           the rows exactly as COPY … TO STDOUT
 *   \.                                             writes them, then the end marker
 *   …
 *   END <sha256>                                   sha256 (hex) of every byte above this line
 *
 * COPY's text format escapes tabs, newlines and backslashes inside values, so
 * each row is one line and no row can read `\.`.
 */

export const FORMAT_LINE = 'TVBRIDGE-BACKUP 1';

export interface BackupMigration {
  name: string;
  checksum: string;
}

export interface BackupTable {
  name: string;
  columns: string[];
  rows: number;
}

export interface BackupHeader {
  created_at: string;
  /** The applied migrations, in the order they were applied: the schema version. */
  migrations: BackupMigration[];
  /** In restore order: a table comes after the tables its foreign keys reference. */
  tables: BackupTable[];
}

export class BackupFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupFormatError';
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function copyFromLine(table: Pick<BackupTable, 'name' | 'columns'>): string {
  return `COPY ${quoteIdentifier(table.name)} (${table.columns.map(quoteIdentifier).join(', ')}) FROM stdin;`;
}

export const END_OF_DATA = '\\.';
export const TRAILER_PREFIX = 'END ';

export function headerText(header: BackupHeader): string {
  return `${FORMAT_LINE}\n${JSON.stringify(header)}\n`;
}

export function parseHeader(formatLine: string | undefined, headerLine: string | undefined): BackupHeader {
  if (formatLine !== FORMAT_LINE) {
    throw new BackupFormatError(
      formatLine?.startsWith('TVBRIDGE-BACKUP ')
        ? `this backup's format (${formatLine}) is newer than this tvbridge reads; restore it with a newer tvbridge`
        : 'not a tvbridge backup (it does not start with TVBRIDGE-BACKUP)',
    );
  }
  let header: BackupHeader;
  try {
    header = JSON.parse(headerLine ?? '') as BackupHeader;
  } catch {
    throw new BackupFormatError('the backup header is not valid JSON (file damaged?)');
  }
  const valid =
    typeof header?.created_at === 'string' &&
    Array.isArray(header.migrations) &&
    header.migrations.every((m) => typeof m?.name === 'string' && typeof m.checksum === 'string') &&
    Array.isArray(header.tables) &&
    header.tables.every(
      (t) => typeof t?.name === 'string' && Array.isArray(t.columns) && Number.isInteger(t.rows) && t.rows >= 0,
    );
  if (!valid) throw new BackupFormatError('the backup header lacks its migrations or tables (file damaged?)');
  return header;
}

/** The last migration names the schema version in messages. */
export function schemaVersion(migrations: Array<{ name: string }>): string {
  return migrations.length ? migrations[migrations.length - 1].name : '(no migrations)';
}
