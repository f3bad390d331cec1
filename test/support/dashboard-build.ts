/**
 * The dashboard's bundle for browser tests: built from web/ (as `npm run
 * build` does) into a folder of the test's own, served through DASHBOARD_DIR,
 * so a build running beside it (npm start in the docs test) never swaps the
 * files under the browser.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** Returns the folder holding the build. */
export function buildDashboard(): string {
  const outDir = mkdtempSync(path.join(tmpdir(), 'tvbridge-dashboard-'));
  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
  if (!existsSync(vite)) throw new Error(`${vite} is missing: run npm ci (the dashboard is built with Vite)`);
  const args = ['build', '--config', 'web/vite.config.mts', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'];
  execFileSync(process.execPath, [vite, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  });
  if (!existsSync(path.join(outDir, 'index.html'))) throw new Error(`the dashboard build left no ${outDir}/index.html`);
  return outDir;
}
