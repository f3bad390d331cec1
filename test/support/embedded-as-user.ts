/** Starts, uses and stops an embedded Postgres in the data directory given; prints who ran it. */
import { Client } from 'pg';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres';

void (async () => {
  const embedded = new EmbeddedPostgres({ dataDir: process.argv[2], port: 0 });
  const server = await embedded.start();
  const client = new Client({ connectionString: server.url });
  await client.connect();
  const { rows } = await client.query<{ version: string }>('SHOW server_version');
  await client.end();
  await embedded.stop();
  process.stdout.write(`${JSON.stringify({ uid: process.getuid?.(), version: rows[0].version })}\n`);
})().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
