/**
 * Paper mode's account stream: the simulated account pushes the same Binance
 * payloads the fake server sends over WebSocket, parsed by the same parser,
 * in-process. Always connected; mark prices only for the symbols watched.
 */
import { Subject } from 'rxjs';
import type { EngineStream, StreamPayload } from '../paper/engine-stream';
import type { AccountStreamEvent } from './account-stream-events';
import type { AccountStreamSource, StreamHealth } from './account-stream.port';
import { parseStreamPayload } from './stream-payload-parser';

export class PaperAccountStream implements AccountStreamSource {
  readonly events$ = new Subject<AccountStreamEvent>();
  private readonly markSymbols = new Set<string>();
  private unsubscribe: Array<() => void> = [];
  private readonly state: StreamHealth = { enabled: true, connected: false, reconnects: 0 };

  constructor(private readonly stream: EngineStream) {}

  health(): StreamHealth {
    return { ...this.state };
  }

  start(): Promise<void> {
    this.unsubscribe = [
      this.stream.onUser((p) => this.push(p)),
      this.stream.onMarket((p) => {
        if (this.markSymbols.has(String(p.s))) this.push(p);
      }),
    ];
    const now = Date.now();
    Object.assign(this.state, { connected: true, connectedSince: now });
    this.events$.next({ type: 'connection', connected: true, at: now });
    return Promise.resolve();
  }

  stop(): Promise<void> {
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    this.unsubscribe = [];
    this.state.connected = false;
    this.events$.complete();
    return Promise.resolve();
  }

  watchMarkPrices(symbols: string[]): void {
    for (const s of symbols) this.markSymbols.add(s.toUpperCase());
  }

  private push(payload: StreamPayload): void {
    // Payloads are built fresh for each event, holding only strings, numbers and booleans, as a socket's would.
    const event = parseStreamPayload(payload);
    if (!event) return;
    this.state.lastEventAt = Date.now();
    this.events$.next(event);
  }
}
