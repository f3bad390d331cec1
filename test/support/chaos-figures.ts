/** Chaos suites report their figures here; `npm run test:chaos` prints the summary line. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface ChaosFigures {
  inputsTried?: number;
  serverErrors?: number;
  ordersFromBadInput?: number;
  recordsMissing?: number;
  duplicateOrders?: number;
}

export const CHAOS_DIR = path.resolve(__dirname, '..', 'artifacts', 'chaos');

export function recordChaosFigures(suite: string, figures: ChaosFigures): void {
  mkdirSync(CHAOS_DIR, { recursive: true });
  writeFileSync(path.join(CHAOS_DIR, `${suite}.json`), JSON.stringify(figures));
}
