/**
 * Proves the hand-written migrations produce exactly the database that
 * schema.prisma (and so the generated client) describes: tables, columns with
 * compatible types and nullability, enums, indexes and foreign keys.
 */
import { get_dmmf } from '@prisma/prisma-schema-wasm';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Prisma } from '../../src/generated/prisma/client';
import { applyMigrations } from '../../src/database/migration-applier';
import { createTestDatabase, query, TestDatabase } from '../support/test-database';

interface DmmfField {
  name: string;
  kind: 'scalar' | 'enum' | 'object';
  type: string;
  isList: boolean;
  isRequired: boolean;
  hasDefaultValue: boolean;
  default?: unknown;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  fields: { name: string }[];
}
interface Dmmf {
  datamodel: { models: DmmfModel[]; enums: { name: string; values: { name: string }[] }[]; indexes: DmmfIndex[] };
}

const schema = readFileSync(path.resolve(__dirname, '../../prisma/schema.prisma'), 'utf8');
const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: [['schema.prisma', schema]] }))) as Dmmf;
const columnFields = (model: DmmfModel) => model.fields.filter((f) => f.kind !== 'object');

interface Column {
  table_name: string;
  column_name: string;
  data_type: string;
  udt_name: string;
  is_nullable: 'YES' | 'NO';
  numeric_precision: number | null;
  numeric_scale: number | null;
  datetime_precision: number | null;
  column_default: string | null;
}

function expectedType(field: DmmfField): Partial<Column> {
  if (field.isList) return { data_type: 'ARRAY', udt_name: `_${expectedType({ ...field, isList: false }).udt_name}` };
  if (field.kind === 'enum') return { data_type: 'USER-DEFINED', udt_name: field.type };
  const native = field.nativeType?.[0];
  switch (field.type) {
    case 'String':
      return { udt_name: 'text' };
    case 'Int':
      return { udt_name: 'int4' };
    case 'BigInt':
      return { udt_name: 'int8' };
    case 'Boolean':
      return { udt_name: 'bool' };
    case 'Json':
      return { udt_name: 'jsonb' };
    case 'DateTime':
      return native === 'Timestamptz'
        ? { udt_name: 'timestamptz', datetime_precision: Number(field.nativeType?.[1][0] ?? 6) }
        : { udt_name: 'timestamp', datetime_precision: 3 };
    case 'Decimal': {
      const [precision, scale] = field.nativeType?.[1] ?? ['65', '30'];
      return { udt_name: 'numeric', numeric_precision: Number(precision), numeric_scale: Number(scale) };
    }
    default:
      throw new Error(`no mapping for ${field.type}`);
  }
}

describe('schema drift: migrated database vs schema.prisma', () => {
  let db: TestDatabase;
  let columns: Column[];

  beforeAll(async () => {
    db = await createTestDatabase('drift');
    await applyMigrations(db.url);
    columns = await query<Column>(
      db.url,
      "SELECT * FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'",
    );
  });
  afterAll(() => db.drop());

  it('the generated client was generated from this schema', () => {
    expect(Object.keys(Prisma.ModelName).sort()).toEqual(dmmf.datamodel.models.map((m) => m.name).sort());
  });

  it('has exactly one table per model', () => {
    const tables = [...new Set(columns.map((c) => c.table_name))].sort();
    expect(tables).toEqual(dmmf.datamodel.models.map((m) => m.dbName ?? m.name).sort());
  });

  it.each(dmmf.datamodel.models.map((m) => [m.name, m] as const))(
    '%s: no column missing or extra, each with a compatible type',
    (_name, model) => {
      const table = model.dbName ?? model.name;
      const dbColumns = columns.filter((c) => c.table_name === table);
      expect(dbColumns.map((c) => c.column_name).sort()).toEqual(
        columnFields(model)
          .map((f) => f.name)
          .sort(),
      );
      for (const field of columnFields(model)) {
        const column = dbColumns.find((c) => c.column_name === field.name)!;
        expect({ field: field.name, ...pick(column, Object.keys(expectedType(field))) }).toEqual({
          field: field.name,
          ...expectedType(field),
        });
        if (!field.isList)
          expect({ field: field.name, nullable: column.is_nullable === 'YES' }).toEqual({
            field: field.name,
            nullable: !field.isRequired,
          });
        const dbDefault =
          field.hasDefaultValue &&
          !(
            typeof field.default === 'object' &&
            field.default &&
            ['uuid', 'cuid'].includes((field.default as { name: string }).name)
          );
        expect({ field: field.name, hasDbDefault: column.column_default !== null }).toEqual({
          field: field.name,
          hasDbDefault: dbDefault,
        });
      }
    },
  );

  it('has every enum with exactly its values, in order', async () => {
    const rows = await query<{ typname: string; labels: string[] }>(
      db.url,
      'SELECT t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels FROM pg_type t JOIN ' +
        'pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname',
    );
    const actual = Object.fromEntries(rows.map((r) => [r.typname, r.labels]));
    const expected = Object.fromEntries(dmmf.datamodel.enums.map((e) => [e.name, e.values.map((v) => v.name)]));
    expect(actual).toEqual(expected);
  });

  it('has every index of the schema, unique where the schema says so, and no other', async () => {
    const rows = await query<{ table: string; columns: string[]; unique: boolean; primary: boolean }>(
      db.url,
      `SELECT t.relname AS table, ix.indisunique AS unique, ix.indisprimary AS primary,
              array_agg(a.attname::text ORDER BY k.ord) AS columns
         FROM pg_index ix
         JOIN pg_class t ON t.oid = ix.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
         CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
        WHERE t.relname <> '_prisma_migrations'
        GROUP BY t.relname, ix.indexrelid, ix.indisunique, ix.indisprimary`,
    );
    const describe = (table: string, cols: string[], kind: string) => `${table}(${cols.join(',')}) ${kind}`;
    const actual = rows
      .map((r) => describe(r.table, r.columns, r.primary ? 'id' : r.unique ? 'unique' : 'normal'))
      .sort();
    const expected = dmmf.datamodel.indexes
      .map((i) =>
        describe(
          i.model,
          i.fields.map((f) => f.name),
          i.type,
        ),
      )
      .sort();
    expect(actual).toEqual(expected);
  });

  it('has a foreign key for every relation', async () => {
    const rows = await query<{ table: string; columns: string[] }>(
      db.url,
      `SELECT c.conrelid::regclass::text AS table, array_agg(a.attname::text ORDER BY k.ord) AS columns
         FROM pg_constraint c CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
        WHERE c.contype = 'f' GROUP BY c.oid, c.conrelid`,
    );
    const actual = rows.map((r) => `${r.table.replace(/"/g, '')}(${r.columns.join(',')})`).sort();
    const expected = dmmf.datamodel.models
      .flatMap((m) =>
        m.fields
          .filter((f) => f.relationFromFields?.length)
          .map((f) => `${m.name}(${f.relationFromFields!.join(',')})`),
      )
      .sort();
    expect(actual).toEqual(expected);
  });
});

function pick<T extends object>(object: T, keys: string[]): Partial<T> {
  return Object.fromEntries(keys.map((k) => [k, (object as Record<string, unknown>)[k]])) as Partial<T>;
}
