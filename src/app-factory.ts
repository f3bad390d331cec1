/** Builds the configured Nest application (main.ts and the e2e tests share it). */
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { loadAppConfig } from './config/app-config.module';
import { setupApp } from './setup-app';

/** `env` replaces process.env + .env (tests boot several apps side by side). */
export async function createApp(env?: Record<string, string | undefined>): Promise<NestExpressApplication> {
  const config = await loadAppConfig(env);
  // Body parsers are set up by setupApp: webhook routes take any content type.
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
    abortOnError: false,
    httpsOptions: config.tls ? { cert: config.tls.cert, key: config.tls.key } : undefined,
  });
  setupApp(app);
  return app;
}
