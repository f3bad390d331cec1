/**
 * Everything main.ts applies to the Nest application, shared with the e2e
 * tests so they exercise the same prefix, parsers, pipes and Swagger.
 */
import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import expressBody from 'express';
import { ADVANCED_PATHS, STATE_AWARE_PATHS } from './webhook/webhook.controller';
import { Logger } from 'nestjs-pino';

export const GLOBAL_PREFIX = 'api';
/** TradingView alerts are small; anything bigger is refused (413). */
export const BODY_LIMIT = '64kb';

export function setupApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.useLogger(app.get(Logger));
  express.flushLogs();
  express.setGlobalPrefix(GLOBAL_PREFIX);
  express.disable('x-powered-by');
  // Webhooks get the raw text whatever the content type (TradingView sends
  // text/plain for some messages); the pipeline parses and records it.
  const webhookPaths = [...ADVANCED_PATHS, ...STATE_AWARE_PATHS].map((p) => `/${GLOBAL_PREFIX}/${p}`);
  express.use(webhookPaths, expressBody.text({ type: () => true, limit: BODY_LIMIT }));
  express.use(expressBody.json({ limit: BODY_LIMIT }));

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('tvbridge')
      .setDescription('TradingView alerts to Binance USD-M Futures orders, with every signal, calculation and order recorded. Admin routes need the bearer token (Authorize).')
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' }, 'admin')
      .build(),
  );
  SwaggerModule.setup(`${GLOBAL_PREFIX}/docs`, app, document, { jsonDocumentUrl: `${GLOBAL_PREFIX}/docs-json` });
}
