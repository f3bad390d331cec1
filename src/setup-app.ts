/**
 * Everything main.ts applies to the Nest application, shared with the e2e
 * tests so they exercise the same prefix, parsers, pipes and Swagger.
 */
import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import expressBody from 'express';
import helmet from 'helmet';
import type { NextFunction, Request, Response } from 'express';
import { RateLimiter } from './common/rate-limiter';
import { AppConfig } from './config/app-config';
import { APP_CONFIG } from './config/app-config.module';
import { SignalPipeline, WebhookRoute } from './webhook/signal-pipeline.service';
import { ADVANCED_PATHS, STATE_AWARE_PATHS } from './webhook/webhook.controller';
import { Logger } from 'nestjs-pino';

export const GLOBAL_PREFIX = 'api';
/** TradingView alerts are small; anything bigger is refused (413). */
export const BODY_LIMIT = '64kb';

export function setupApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  const config = app.get<AppConfig>(APP_CONFIG);
  express.useLogger(app.get(Logger));
  express.flushLogs();
  express.setGlobalPrefix(GLOBAL_PREFIX);
  express.disable('x-powered-by');
  express.set('trust proxy', config.trustProxy);
  // Swagger UI needs inline scripts and styles; everything else gets helmet's defaults.
  express.use(helmet({ contentSecurityPolicy: { directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'style-src': ["'self'", "'unsafe-inline'", 'https:'] } } }));
  if (config.corsOrigins.length) express.enableCors({ origin: config.corsOrigins });

  const webhookPaths = [...ADVANCED_PATHS, ...STATE_AWARE_PATHS].map((p) => `/${GLOBAL_PREFIX}/${p}`);
  express.use([...webhookPaths, `/${GLOBAL_PREFIX}/admin`, `/${GLOBAL_PREFIX}/binance/config`], new RateLimiter(config.rateLimitPerMinute).middleware());
  // Webhooks get the raw text whatever the content type (TradingView sends
  // text/plain for some messages); the pipeline parses and records it.
  express.use(webhookPaths, expressBody.text({ type: () => true, limit: BODY_LIMIT }));
  express.use(webhookPaths, oversizedWebhookBodies(app.get(SignalPipeline)));
  express.use(expressBody.json({ limit: BODY_LIMIT }));
  express.use(bodyParserErrors);

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

/** A webhook body over the limit is refused with 413 in the seed's shape, and recorded. */
function oversizedWebhookBodies(pipeline: SignalPipeline) {
  return (error: { type?: string; status?: number }, req: Request, res: Response, next: NextFunction): void => {
    if (error?.type !== 'entity.too.large') return next(error);
    const route: WebhookRoute = req.path.includes('state-aware') ? 'state-aware-ma-cross' : 'advanced-trading';
    void pipeline.refuseTooLarge(route, req.ip).then((answer) => res.status(answer.httpStatus).json(answer.body));
  };
}

/** Body parser failures answer in JSON, never with a stack trace or a path. */
function bodyParserErrors(error: { status?: number; type?: string }, _req: Request, res: Response, next: NextFunction): void {
  if (!error) return next();
  const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 400;
  const message = error.type === 'entity.too.large' ? `Request body larger than ${BODY_LIMIT}` : error.type === 'entity.parse.failed' ? 'Malformed JSON in request body' : 'Bad request body';
  res.status(status).json({ statusCode: status, error: message });
}
