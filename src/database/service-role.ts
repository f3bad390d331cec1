/**
 * The role the service connects as: a plain login role with only the rights
 * its work needs (read and write the rows of its tables), never a superuser,
 * never able to change the schema, read server files or run programs. The
 * schema belongs to the migration role (the embedded superuser, or
 * DATABASE_MIGRATION_URL's role on an external database). The embedded
 * Postgres sets it up at every start; docs/database.md gives the same SQL for
 * an external database.
 */
import { Client } from 'pg';

export const SERVICE_ROLE = 'tvbridge_service';

/** The statements granting the service role its rights on `database` (idempotent). */
export function serviceRoleGrants(database: string, role = SERVICE_ROLE): string[] {
  const r = `"${role}"`;
  return [
    `GRANT CONNECT ON DATABASE "${database}" TO ${r}`,
    `GRANT USAGE ON SCHEMA public TO ${r}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`,
    // The migration history is the migration role's: the service only reads it.
    `REVOKE INSERT, UPDATE, DELETE ON TABLE "_prisma_migrations" FROM ${r}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`,
    // Tables added by later migrations are the service's to use too, without another grant.
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${r}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${r}`,
  ];
}

/**
 * Creates (or updates the password of) the service role and grants its rights,
 * connected as the migration role to the service's database (already migrated).
 */
export async function ensureServiceRole(adminUrl: string, password: string, role = SERVICE_ROLE): Promise<void> {
  if (!/^[A-Za-z0-9_-]+$/.test(password)) throw new Error('the service role password must be base64url');
  const client = new Client({ connectionString: adminUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const database = (await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0].db;
    await client.query('BEGIN');
    // Serialises two starts on one server (CREATE ROLE has no IF NOT EXISTS).
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`role:${role}`]);
    const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    // Role statements take no bind parameters: the password is base64url (checked above).
    const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '${password}'`;
    await client.query(rowCount ? `ALTER ROLE "${role}" ${attributes}` : `CREATE ROLE "${role}" ${attributes}`);
    for (const statement of serviceRoleGrants(database, role)) await client.query(statement);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
