/** Chaos suites report their figures here; `npm run test:chaos` prints the summary line. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface ChaosFigures {
  inputsTried?: number;
  /** Unauthenticated requests of the flood suite, and what each added to the database. */
  floodRequests?: number;
  floodDatabaseBytes?: number;
  serverErrors?: number;
  ordersFromBadInput?: number;
  recordsMissing?: number;
  duplicateOrders?: number;
  /** Pieces (8 characters or more) of a configured secret found in a table or the log. */
  secretsFound?: number;
  /** Correctly signed alerts that were not executed and recorded. */
  signedAlertsLost?: number;
}

export const CHAOS_DIR = path.resolve(__dirname, '..', 'artifacts', 'chaos');

export function recordChaosFigures(suite: string, figures: ChaosFigures): void {
  mkdirSync(CHAOS_DIR, { recursive: true });
  writeFileSync(path.join(CHAOS_DIR, `${suite}.json`), JSON.stringify(figures));
}

/** Every 8-character piece of each secret: a cut secret is still a leak. */
export function secretPieces(secrets: string[]): string[] {
  return secrets.flatMap((secret) =>
    Array.from({ length: Math.max(1, secret.length - 7) }, (_, i) => secret.slice(i, i + 8)),
  );
}

/** How many of the secrets' pieces occur in the texts. */
export function secretsFoundIn(texts: string[], secrets: string[]): number {
  const pieces = secretPieces(secrets);
  return pieces.filter((piece) => texts.some((text) => text.includes(piece))).length;
}
