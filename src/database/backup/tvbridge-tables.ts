/**
 * Which tables hold tvbridge's data, with their columns, in an order where
 * every table comes after the tables its foreign keys point to (so rows can
 * be inserted in that order and deleted in the reverse one). Prisma's model
 * names are the table names (the schema maps none), so a database shared with
 * other applications only ever has tvbridge's own tables read or replaced.
 */
import type { ClientBase } from 'pg';
import { Prisma } from '../../generated/prisma/client';

export interface TableShape {
  name: string;
  columns: string[];
}

export const TVBRIDGE_TABLES: readonly string[] = Object.values(Prisma.ModelName);

/** Kahn's algorithm; self references (a replay pointing at its original) do not order anything. */
export function dependencyOrder(tables: readonly string[], references: Array<{ from: string; to: string }>): string[] {
  const pending = new Map(
    tables.map((t) => [
      t,
      new Set(references.filter((r) => r.from === t && r.to !== t && tables.includes(r.to)).map((r) => r.to)),
    ]),
  );
  const ordered: string[] = [];
  while (pending.size) {
    const ready = [...pending.keys()].filter((t) => pending.get(t)!.size === 0).sort();
    if (!ready.length) throw new Error(`foreign keys form a cycle between ${[...pending.keys()].join(', ')}`);
    for (const table of ready) {
      ordered.push(table);
      pending.delete(table);
      for (const deps of pending.values()) deps.delete(table);
    }
  }
  return ordered;
}

/** The tables as this database has them (current schema), in dependency order. */
export async function describeTables(client: ClientBase): Promise<TableShape[]> {
  const { rows: columns } = await client.query<{ table_name: string; column_name: string }>(
    `SELECT c.relname AS table_name, a.attname AS column_name
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
        AND c.relkind = 'r' AND c.relname = ANY($1)
        AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      ORDER BY c.relname, a.attnum`,
    [TVBRIDGE_TABLES],
  );
  const missing = TVBRIDGE_TABLES.filter((t) => !columns.some((c) => c.table_name === t));
  if (missing.length)
    throw new Error(`tables ${missing.join(', ')} are missing from the database (is it tvbridge's, and migrated?)`);
  const { rows: references } = await client.query<{ from: string; to: string }>(
    `SELECT src.relname AS "from", dst.relname AS "to"
       FROM pg_constraint k JOIN pg_class src ON src.oid = k.conrelid JOIN pg_class dst ON dst.oid = k.confrelid
      WHERE k.contype = 'f' AND src.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())`,
  );
  return dependencyOrder(TVBRIDGE_TABLES, references).map((name) => ({
    name,
    columns: columns.filter((c) => c.table_name === name).map((c) => c.column_name),
  }));
}

export interface AppliedMigration {
  name: string;
  checksum: string;
}

/** The schema version: migrations applied (finished, not rolled back), in the order they were applied. */
export async function appliedMigrations(client: ClientBase): Promise<AppliedMigration[]> {
  const { rows: exists } = await client.query<{ present: boolean }>(
    `SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`,
  );
  if (!exists[0].present) return [];
  const { rows } = await client.query<AppliedMigration>(
    `SELECT migration_name AS name, checksum FROM "_prisma_migrations"
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY started_at, migration_name`,
  );
  return rows;
}
