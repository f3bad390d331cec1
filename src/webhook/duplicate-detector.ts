/**
 * At most one execution per intent, without ever stalling a strategy.
 *
 * A signal with an id ("id" or "signal_id") runs at most once per route, ever
 * (memory first, then the database): the same id with the same body is a
 * retry (a duplicate); the same id with another body is not a retry but a
 * template whose id repeats ({{strategy.order.id}} is the order's name, the
 * same on every alert), refused so the trader hears about it.
 *
 * Without an id, the same body on the same route within the dedup window is a
 * duplicate, unless another signal for the same symbol was accepted in
 * between: close → buy → close is three intents, and the second close must
 * run. Claims are taken synchronously on arrival, so two copies arriving
 * together cannot both pass; memory also keeps working while Postgres is down.
 */
import { createHash } from 'node:crypto';

const MAX_REMEMBERED = 50_000;

export interface StoredClaim {
  signalId: string;
  /** Null for signals recorded before body hashes were kept: treated as the same body. */
  bodyHash: string | null;
}

export type ExternalIdLookup = (route: string, externalId: string) => Promise<StoredClaim | undefined>;

export type Claim =
  | { kind: 'new' }
  /** A retry of `originalId`: not executed. */
  | { kind: 'duplicate'; originalId: string }
  /** The id of `originalId` with a different body: refused. */
  | { kind: 'id-reused'; originalId: string };

export interface ClaimRequest {
  route: string;
  signalId: string;
  externalId?: string;
  symbol: string;
  body: Record<string, unknown>;
}

export class DuplicateDetector {
  private readonly ids = new Map<string, StoredClaim>();
  private readonly bodies = new Map<string, { signalId: string; until: number; turn: number }>();
  /** Per symbol, how many signals were accepted: a body seen at another turn is a new intent. */
  private readonly turns = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly lookup: ExternalIdLookup,
  ) {}

  /** Decides whether this signal is new, a retry, or an id reused with another body; claims it when new. */
  async claim(request: ClaimRequest, now = Date.now()): Promise<Claim> {
    const hash = bodyHash(request.body);
    if (request.externalId !== undefined) {
      const key = `${request.route}\u0000${request.externalId}`;
      const seen = this.ids.get(key);
      if (seen) return judge(seen, hash);
      this.remember(this.ids, key, { signalId: request.signalId, bodyHash: hash });
      this.nextTurn(request.symbol);
      const stored = await this.lookup(request.route, request.externalId).catch(() => undefined);
      if (stored && stored.signalId !== request.signalId) {
        this.ids.set(key, stored);
        return judge(stored, hash);
      }
      return { kind: 'new' };
    }
    const turn = this.nextTurn(request.symbol);
    if (this.windowMs <= 0) return { kind: 'new' };
    const key = `${request.route}\u0000${hash}`;
    const seen = this.bodies.get(key);
    if (seen && seen.until > now && seen.turn === turn - 1) {
      // Nothing else ran for this symbol since: a retry. Give the turn back.
      this.turns.set(request.symbol, turn - 1);
      return { kind: 'duplicate', originalId: seen.signalId };
    }
    this.remember(this.bodies, key, { signalId: request.signalId, until: now + this.windowMs, turn });
    return { kind: 'new' };
  }

  private nextTurn(symbol: string): number {
    const turn = (this.turns.get(symbol) ?? 0) + 1;
    this.remember(this.turns, symbol, turn);
    return turn;
  }

  private remember<V>(map: Map<string, V>, key: string, value: V): void {
    map.set(key, value);
    if (map.size > MAX_REMEMBERED) map.delete(map.keys().next().value as string);
  }
}

function judge(original: StoredClaim, hash: string): Claim {
  if (original.bodyHash === null || original.bodyHash === hash)
    return { kind: 'duplicate', originalId: original.signalId };
  return { kind: 'id-reused', originalId: original.signalId };
}

/** A stable hash of the body without its secret, key order ignored. */
export function bodyHash(body: Record<string, unknown>): string {
  const { secret: _s, passphrase: _p, token: _t, ...rest } = body;
  return createHash('sha256').update(stableJson(rest)).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
