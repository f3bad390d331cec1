/** Bootstrap only: build the app, apply the shared setup, listen. */
import 'reflect-metadata';
import { createApp } from './app-factory';
import { APP_CONFIG } from './config/app-config.module';
import { AppConfig, ConfigError } from './config/app-config';

async function bootstrap(): Promise<void> {
  const app = await createApp();
  // SIGTERM/SIGINT: stop accepting, finish in-flight requests, close Prisma, stop Postgres.
  app.enableShutdownHooks();
  const config = app.get<AppConfig>(APP_CONFIG);
  await app.listen(config.port, '0.0.0.0');
}

bootstrap().catch((error: unknown) => {
  // A configuration problem is the operator's to fix: one line, no stack.
  const message = error instanceof ConfigError ? error.message : `startup failed: ${(error as Error)?.stack ?? String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
