import { existsSync } from 'node:fs';

/** For command-line tools that run outside Nest: read `.env` like the app does. */
export function loadDotEnvIfPresent(file = '.env'): void {
  if (existsSync(file)) process.loadEnvFile(file);
}
