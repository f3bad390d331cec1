/** Bootstrap only: build the app, apply the shared setup, listen. */
import 'reflect-metadata';
import { createApp } from './app-factory';
import { exitWithHelpIfAsked } from './common/cli-help';
import { APP_CONFIG } from './config/app-config.module';
import { AppConfig, ConfigError } from './config/app-config';

const HELP = `tvbridge: TradingView alerts to Binance USD-M Futures orders, recorded in Postgres.

usage: npm start            (builds, then runs dist/main.js)
       npm run start:dev    (runs the TypeScript source)

Takes no arguments: settings come from the environment or a .env file (see .env.example), validated at boot.
With none it starts in paper mode on an embedded Postgres, on http://localhost:3000 (Swagger UI at /api/docs).`;

async function bootstrap(): Promise<void> {
  exitWithHelpIfAsked(HELP);
  const app = await createApp();
  const config = app.get<AppConfig>(APP_CONFIG);
  await app.listen(config.port, '0.0.0.0');
  // SIGTERM/SIGINT: stop accepting, let in-flight signals finish and their records
  // be written, close the database (and stop the embedded Postgres), exit 0.
  let closing = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      app.close().then(
        () => process.exit(0),
        (error: Error) => {
          process.stderr.write(`shutdown failed: ${error.message}\n`);
          process.exit(1);
        },
      );
    });
  }
}

bootstrap().catch((error: unknown) => {
  // A configuration problem is the operator's to fix: one line, no stack.
  const message = error instanceof ConfigError ? error.message : `startup failed: ${(error as Error)?.stack ?? String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
