/** Bootstrap only: build the app, apply the shared setup, listen. */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { Server as HttpsServer } from 'node:https';
import { createApp } from './app-factory';
import { exitWithHelpIfAsked } from './common/cli-help';
import { APP_CONFIG } from './config/app-config.module';
import type { AppConfig } from './config/app-config';
import { ConfigError } from './config/env-readers';
import { readTlsFiles } from './config/tls-files';

const HELP = `tvbridge: TradingView alerts to Binance USD-M Futures orders, recorded in Postgres.

usage: npm start            (builds, then runs dist/main.js)
       npm run start:dev    (runs the TypeScript source)

Takes no arguments: settings come from the environment or a .env file (see .env.example), validated at boot.
With none it starts in paper mode on an embedded Postgres, on http://localhost:3000 (Swagger UI at /api/docs).`;

async function bootstrap(): Promise<void> {
  exitWithHelpIfAsked(HELP);
  const app = await createApp();
  const config = app.get<AppConfig>(APP_CONFIG);
  await app.listen(config.port, config.host);
  const logger = new Logger('Bootstrap');
  logger.log(`listening on ${config.tls ? 'https' : 'http'}://${config.host}:${config.port}`);
  if (config.tls) reloadCertificateOnHangup(app.getHttpServer() as HttpsServer, config, logger);
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

/**
 * Certificates are renewed every few weeks (Let's Encrypt: 90-day certificates):
 * SIGHUP (`systemctl reload tvbridge`) reads the files again without dropping
 * a connection. A bad new pair is refused and the current one kept.
 */
function reloadCertificateOnHangup(server: HttpsServer, config: AppConfig, logger: Logger): void {
  process.on('SIGHUP', () => {
    try {
      const files = readTlsFiles(config.tls!.certFile, config.tls!.keyFile);
      server.setSecureContext({ cert: files.cert, key: files.key });
      logger.log(`TLS certificate reloaded from ${files.certFile}`);
    } catch (error) {
      logger.error(`TLS certificate not reloaded, the current one stays: ${(error as Error).message}`);
    }
  });
}

bootstrap().catch((error: unknown) => {
  // A configuration problem is the operator's to fix: one line, no stack.
  const message =
    error instanceof ConfigError ? error.message : `startup failed: ${(error as Error)?.stack ?? String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
