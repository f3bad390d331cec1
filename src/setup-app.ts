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
import { ADMIN_TOKEN } from './admin/admin-token';
import { docsBehindAdminToken } from './api-docs-access';
import { AppConfig } from './config/app-config';
import { dashboardAssets, dashboardContentSecurity, isDashboardPath } from './dashboard/dashboard-assets';
import { APP_CONFIG } from './config/app-config.module';
import { SignalPipeline } from './webhook/signal-pipeline';
import { mountedPaths, WEBHOOK_ROUTE_NAMES, WebhookRoute } from './webhook/webhook-routes';
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
  const docsPath = `/${GLOBAL_PREFIX}/docs`;
  // Swagger UI needs inline scripts and styles: its pages (only) get a relaxed
  // Content-Security-Policy; everything else gets helmet's strict defaults.
  const strict = helmet();
  const relaxed = helmet({
    contentSecurityPolicy: {
      directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'style-src': ["'self'", "'unsafe-inline'", 'https:'] },
    },
  });
  const isDocs = (p: string) => p === docsPath || p.startsWith(`${docsPath}/`);
  // The dashboard's pages get their own policy, stricter still (dashboard-assets.ts).
  const dashboard = dashboardContentSecurity(config.tls !== undefined);
  express.use((req: Request, res: Response, next: NextFunction) => {
    if (isDashboardPath(req.path, GLOBAL_PREFIX)) return dashboard(req, res, next);
    return (isDocs(req.path) ? relaxed : strict)(req, res, next);
  });
  express.use(dashboardAssets(GLOBAL_PREFIX, config.dashboardDir));
  if (config.corsOrigins.length) express.enableCors({ origin: config.corsOrigins });

  // Rate limits are guards on the controllers (src/rate-limit): they run after
  // the body is read, so a signed alert can be told from a stranger's request.
  // Webhooks get the raw text whatever the content type (TradingView sends
  // text/plain for some messages); the pipeline parses and records it.
  for (const route of WEBHOOK_ROUTE_NAMES) {
    const paths = mountedPaths(route, GLOBAL_PREFIX);
    express.use(paths, expressBody.text({ type: () => true, limit: BODY_LIMIT }));
    express.use(paths, oversizedWebhookBodies(app.get(SignalPipeline), route));
  }
  express.use(expressBody.json({ limit: BODY_LIMIT }));
  express.use(bodyParserErrors);

  if (config.apiDocs === 'off') return;
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('tvbridge')
      .setDescription(
        'TradingView alerts to Binance USD-M Futures orders, with every signal, calculation and order recorded. ' +
          'Admin routes need the bearer token (Authorize).',
      )
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' }, 'admin')
      .build(),
  );
  if (config.apiDocs === 'admin') {
    express.use([docsPath, `${docsPath}-json`, `${docsPath}-yaml`], docsBehindAdminToken(app.get<string>(ADMIN_TOKEN)));
  }
  SwaggerModule.setup(`${GLOBAL_PREFIX}/docs`, app, document, { jsonDocumentUrl: `${GLOBAL_PREFIX}/docs-json` });
}

/** A webhook body over the limit is refused with 413 in the documented error shape, and recorded. */
function oversizedWebhookBodies(pipeline: SignalPipeline, route: WebhookRoute) {
  return (error: { type?: string; status?: number }, req: Request, res: Response, next: NextFunction): void => {
    if (error?.type !== 'entity.too.large') return next(error);
    void pipeline
      .refuseTooLarge(route, req.ip, req.query.token)
      .then((answer) => res.status(answer.httpStatus).json(answer.body));
  };
}

/** Body parser failures answer in JSON, never with a stack trace or a path. */
function bodyParserErrors(
  error: { status?: number; type?: string },
  _req: Request,
  res: Response,
  next: NextFunction,
): void {
  if (!error) return next();
  const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 400;
  const message =
    error.type === 'entity.too.large'
      ? `Request body larger than ${BODY_LIMIT}`
      : error.type === 'entity.parse.failed'
        ? 'Malformed JSON in request body'
        : 'Bad request body';
  res.status(status).json({ statusCode: status, error: message });
}
