/** Builds the configured Nest application (main.ts and the e2e tests share it). */
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { setupApp } from './setup-app';

export async function createApp(env?: Record<string, string | undefined>): Promise<NestExpressApplication> {
  // Body parsers are set up by setupApp: webhook routes take any content type.
  const app = await NestFactory.create<NestExpressApplication>(await AppModule.forRoot(env), { bufferLogs: true, bodyParser: false, abortOnError: false });
  setupApp(app);
  return app;
}
