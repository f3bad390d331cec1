/**
 * Paper mode's account stream: the simulated account pushes the same Binance
 * payloads the fake server sends over WebSocket, parsed by the same parser,
 * in-process. Always connected; mark prices only for the symbols watched,
 * on a price change and every second as Binance's <symbol>@markPrice@1s.
 */
import { Subject } from 'rxjs';
import type { EngineStream, StreamPayload } from '../paper/engine-stream';
import type { AccountStreamEvent } from './account-stream-events';
import type { AccountStreamSource, StreamHealth } from './account-stream.port';
import { parseStreamPayload } from './stream-payload-parser';

const MARK_PRICE_EVERY_MS = 1000;

export class PaperAccountStream implements AccountStreamSource {
  readonly events$ = new Subject<AccountStreamEvent>();
  private readonly markSymbols = new Set<string>();
  private unsubscribe: Array<() => void> = [];
  private readonly state: StreamHealth = { enabled: true, connected: false, reconnects: 0 };
  private ticker?: NodeJS.Timeout;

  /** `markPrice` builds a symbol's markPriceUpdate as of now (absent: only price changes are pushed). */
  constructor(
    private readonly stream: EngineStream,
    private readonly markPrice?: (symbol: string) => StreamPayload,
  ) {}

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
    if (this.markPrice) {
      this.ticker = setInterval(() => this.tick(), MARK_PRICE_EVERY_MS);
      this.ticker.unref();
    }
    const now = Date.now();
    Object.assign(this.state, { connected: true, connectedSince: now });
    this.events$.next({ type: 'connection', connected: true, at: now });
    return Promise.resolve();
  }

  stop(): Promise<void> {
    clearInterval(this.ticker);
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    this.unsubscribe = [];
    this.state.connected = false;
    this.events$.complete();
    return Promise.resolve();
  }

  watchMarkPrices(symbols: string[]): void {
    for (const s of symbols) this.markSymbols.add(s.toUpperCase());
  }

  private tick(): void {
    for (const symbol of this.markSymbols) {
      let payload: StreamPayload;
      try {
        payload = this.markPrice!(symbol);
      } catch {
        continue; // a symbol the simulated market does not list
      }
      this.push(payload);
    }
  }

  private push(payload: StreamPayload): void {
    // Payloads are built fresh for each event, holding only strings, numbers and booleans, as a socket's would.
    const event = parseStreamPayload(payload);
    if (!event) return;
    this.state.lastEventAt = Date.now();
    this.events$.next(event);
  }
}
