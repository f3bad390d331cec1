/**
 * Provides the Postgres server for the e2e run: DATABASE_URL when the
 * environment has one, otherwise a fresh embedded server in a temp directory.
 * Workers read the server URL from TVB_TEST_SERVER_URL.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres';

declare global {
  var __TVB_EMBEDDED__: EmbeddedPostgres | undefined;
}

export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.TVB_TEST_SERVER_URL = process.env.DATABASE_URL;
    return;
  }
  const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'tvbridge-test-')), 'postgres');
  const embedded = new EmbeddedPostgres({ dataDir, port: 0 });
  const server = await embedded.start();
  globalThis.__TVB_EMBEDDED__ = embedded;
  process.env.TVB_TEST_SERVER_URL = server.url;
}
