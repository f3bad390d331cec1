/**
 * At most one execution per intent. A signal with an id ("id" or
 * "signal_id") runs at most once per route, ever (memory first, then the
 * database); without one, the same body on the same route within the dedup
 * window is a duplicate. Claims are taken synchronously on arrival, so two
 * copies arriving together cannot both pass; memory also keeps working while
 * Postgres is down.
 */
import { createHash } from 'node:crypto';

const MAX_REMEMBERED = 50_000;

export type ExternalIdLookup = (route: string, externalId: string) => Promise<string | undefined>;

export class DuplicateDetector {
  private readonly ids = new Map<string, string>();
  private readonly bodies = new Map<string, { signalId: string; until: number }>();

  constructor(
    private readonly windowMs: number,
    private readonly lookup: ExternalIdLookup,
  ) {}

  /** The id of the original when this signal is a duplicate; otherwise claims it for `signalId`. */
  async claim(route: string, signalId: string, externalId: string | undefined, body: Record<string, unknown>, now = Date.now()): Promise<string | undefined> {
    if (externalId !== undefined) {
      const key = `${route}\u0000${externalId}`;
      const seen = this.ids.get(key);
      if (seen) return seen;
      this.remember(this.ids, key, signalId);
      const stored = await this.lookup(route, externalId).catch(() => undefined);
      if (stored && stored !== signalId) {
        this.ids.set(key, stored);
        return stored;
      }
      return undefined;
    }
    if (this.windowMs <= 0) return undefined;
    const key = `${route}\u0000${bodyHash(body)}`;
    const seen = this.bodies.get(key);
    if (seen && seen.until > now) return seen.signalId;
    this.remember(this.bodies, key, { signalId, until: now + this.windowMs });
    return undefined;
  }

  private remember<V>(map: Map<string, V>, key: string, value: V): void {
    map.set(key, value);
    if (map.size > MAX_REMEMBERED) map.delete(map.keys().next().value as string);
  }
}

/** A stable hash of the body without its secret, key order ignored. */
export function bodyHash(body: Record<string, unknown>): string {
  const { secret: _s, passphrase: _p, token: _t, ...rest } = body;
  return createHash('sha256').update(stableJson(rest)).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
