import { createHash, timingSafeEqual } from 'node:crypto';

/** Secret comparison in constant time: both sides are hashed, so their lengths do not show either. */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());
}
