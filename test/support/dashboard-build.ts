/**
 * The dashboard's bundle for browser tests: built from web/ once per test
 * run (as `npm run build` does), so the pages tested are the source's.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DASHBOARD_DIR } from '../../src/dashboard/dashboard-assets';

const ROOT = path.resolve(__dirname, '../..');

export function buildDashboard(): void {
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'web/vite.config.mts',
      '--logLevel',
      'error',
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    },
  );
  if (!existsSync(path.join(DASHBOARD_DIR, 'index.html')))
    throw new Error(`the dashboard build left no ${DASHBOARD_DIR}/index.html`);
}
