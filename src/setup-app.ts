/**
 * Everything main.ts applies to the Nest application, shared with the e2e
 * tests so they exercise the same prefix, parsers, pipes and Swagger.
 */
import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';

export const GLOBAL_PREFIX = 'api';

export function setupApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.useLogger(app.get(Logger));
  express.setGlobalPrefix(GLOBAL_PREFIX);
  express.disable('x-powered-by');

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('tvbridge')
      .setDescription('TradingView alerts to Binance USDⓈ-M Futures orders, with every signal, calculation and order recorded.')
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' }, 'admin')
      .build(),
  );
  SwaggerModule.setup(`${GLOBAL_PREFIX}/docs`, app, document, { jsonDocumentUrl: `${GLOBAL_PREFIX}/docs-json` });
}
