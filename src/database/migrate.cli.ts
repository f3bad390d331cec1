/**
 * `npm run db:migrate`: applies pending migrations to DATABASE_URL (or to the
 * embedded Postgres when unset), then exits.
 */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { exitWithHelpIfAsked } from '../common/cli-help';
import { parseEnv } from '../config/app-config';
import { loadDotEnvIfPresent } from '../config/dotenv';
import { resolveDatabase } from './resolved-database';

async function main(): Promise<void> {
  exitWithHelpIfAsked(
    'Applies pending migrations (prisma/migrations) to DATABASE_URL, or to the embedded Postgres\n' +
      'in DATA_DIR when unset, reading the environment and .env like the service.\n\nusage: npm run db:migrate',
  );
  loadDotEnvIfPresent();
  const config = parseEnv(process.env);
  const database = await resolveDatabase(config, new Logger('db:migrate'));
  await database.embedded?.stop();
}

main().catch((error: Error) => {
  process.stderr.write(`db:migrate failed: ${error.message}\n`);
  process.exit(1);
});
