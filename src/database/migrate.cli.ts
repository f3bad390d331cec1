/**
 * `npm run db:migrate`: applies pending migrations to DATABASE_URL (or to the
 * embedded Postgres when unset), then exits.
 */
import 'reflect-metadata';
import { exitWithHelpIfAsked } from '../common/cli-help';
import { runCli, withServiceDatabase } from './database-cli';

exitWithHelpIfAsked(
  'Applies pending migrations (prisma/migrations) to DATABASE_URL, or to the embedded Postgres\n' +
    'in DATA_DIR when unset, reading the environment and .env like the service.\n\nusage: npm run db:migrate',
);
runCli('db:migrate', () => withServiceDatabase('db:migrate', undefined, () => Promise.resolve()));
