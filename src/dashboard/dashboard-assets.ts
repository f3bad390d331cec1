/**
 * Serves the dashboard (the Vite build of web/, made by `npm run build`) at
 * `/`, beside the API under /api. Its pages get a Content-Security-Policy of
 * their own, stricter than helmet's default: scripts, styles, fonts and
 * connections from this origin only (no inline script or style, no other
 * host), no frames, no plugins. Hashed assets are cached for good; the page
 * itself is revalidated, so a new build is picked up at once.
 */
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** web/dist, from src/dashboard (ts-node, tests) and dist/dashboard (npm start) alike. */
export const DASHBOARD_DIR = path.resolve(__dirname, '../../web/dist');

export function dashboardContentSecurity(https: boolean) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'script-src-attr': ["'none'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'"],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        ...(https ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
  });
}

/** True for requests the dashboard answers: anything outside the API prefix. */
export function isDashboardPath(p: string, apiPrefix: string): boolean {
  return p !== `/${apiPrefix}` && !p.startsWith(`/${apiPrefix}/`);
}

export function dashboardAssets(apiPrefix: string, configuredDir?: string) {
  const dir = configuredDir ? path.resolve(configuredDir) : DASHBOARD_DIR;
  const assets = express.static(dir, {
    index: false,
    setHeaders: (res, file) =>
      res.setHeader(
        'Cache-Control',
        file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      ),
  });
  const page = path.join(dir, 'index.html');
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!isDashboardPath(req.path, apiPrefix) || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    assets(req, res, () => {
      // The page's own routes (#/signals…) all load index.html; a missing asset is a 404.
      if (req.path.startsWith('/assets/') || path.extname(req.path)) return next();
      if (!existsSync(page)) {
        res
          .status(503)
          .type('text/plain')
          .send('The dashboard is not built: run `npm run build` (npm start does), then reload.\n');
        return;
      }
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(page);
    });
  };
}
