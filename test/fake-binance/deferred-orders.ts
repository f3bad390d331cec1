/**
 * Orders whose answer was lost and that execute later: the fault behind the
 * unknown-outcome rules. Binance says a timeout, a 5xx or -1007 means
 * "execution status unknown": the order may still execute after the client
 * gave up, and after a first lookup by client order id found nothing. It
 * cannot execute once its timestamp is older than its recvWindow (the gateway
 * and the matching engine both check it, -1021 / -5028), so a deferred order
 * that would run later than that is dropped instead.
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/general-info
 * (HTTP return codes; timing security)
 */
import type { RecordedRequest } from './fake-binance-server';

type Params = Record<string, string | undefined>;

interface Deferred {
  clientOrderIds: string[];
  /** Not before this time (server clock). */
  earliest: number;
  /** Binance refuses the request after this time (server clock): timestamp + recvWindow. */
  expiresAt: number;
  record: RecordedRequest;
  execute: () => unknown;
  timer?: NodeJS.Timeout;
  done: boolean;
}

export class DeferredOrders {
  private readonly pending = new Set<Deferred>();

  constructor(private readonly now: () => number) {}

  add(params: Params, executeAfterMs: number, record: RecordedRequest, execute: () => unknown): void {
    const expiresAt = Number(params.timestamp) + Number(params.recvWindow ?? 5000);
    const deferred: Deferred = {
      clientOrderIds: clientOrderIdsOf(params),
      earliest: this.now() + executeAfterMs,
      expiresAt,
      record,
      execute,
      done: false,
    };
    this.pending.add(deferred);
    record.deferred = 'pending';
    // Nobody looked it up: it still executes, near the last moment Binance would (timers run late under load).
    this.schedule(deferred, expiresAt - Math.min(100, (expiresAt - this.now()) / 2));
  }

  /** A lookup of this client order id was answered: its deferred order may run now. */
  lookedUp(clientOrderId: string): void {
    for (const d of this.pending) if (d.clientOrderIds.includes(clientOrderId)) this.schedule(d, d.earliest);
  }

  clear(): void {
    for (const d of this.pending) clearTimeout(d.timer);
    this.pending.clear();
  }

  private schedule(d: Deferred, at: number): void {
    clearTimeout(d.timer);
    d.timer = setTimeout(() => this.run(d), Math.max(0, at - this.now()));
  }

  private run(d: Deferred): void {
    if (d.done) return;
    d.done = true;
    this.pending.delete(d);
    if (this.now() > d.expiresAt) {
      d.record.deferred = 'expired: timestamp outside the recvWindow';
      return;
    }
    try {
      d.execute();
      d.record.deferred = 'executed';
    } catch (error) {
      d.record.deferred = `rejected: ${(error as Error).message}`;
    }
  }
}

function clientOrderIdsOf(params: Params): string[] {
  if (params.newClientOrderId) return [params.newClientOrderId];
  try {
    const list = JSON.parse(params.batchOrders ?? '[]') as Array<{ newClientOrderId?: string }>;
    return list.map((o) => o.newClientOrderId).filter((id): id is string => !!id);
  } catch {
    return [];
  }
}
