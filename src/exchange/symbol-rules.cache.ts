/**
 * Keeps every symbol's rules (or another per-symbol table, such as the
 * leverage brackets) in memory: loaded once, refreshed on a timer and
 * on demand (after Binance says a symbol or precision is invalid), never
 * fetched per signal. Concurrent refreshes share one request.
 */
import { SymbolRules } from './symbol-rules';

export class SymbolRulesCache<T extends { symbol: string } = SymbolRules> {
  private rules = new Map<string, T>();
  private loading?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private loadedAt = 0;

  constructor(
    private readonly fetchAll: () => Promise<T[]>,
    private readonly refreshMs: number,
  ) {}

  /** Loads now and keeps refreshing every refreshMs (a failed refresh keeps the old rules). */
  start(): Promise<void> {
    if (!this.timer) {
      this.timer = setInterval(() => void this.refresh().catch(() => undefined), this.refreshMs);
      this.timer.unref();
    }
    return this.refresh();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  refresh(): Promise<void> {
    this.loading ??= this.fetchAll()
      .then((list) => {
        this.rules = new Map(list.map((r) => [r.symbol, r]));
        this.loadedAt = Date.now();
      })
      .finally(() => (this.loading = undefined));
    return this.loading;
  }

  /** Refresh unless the rules were loaded within the last `minAgeMs` (a burst of errors costs one refresh). */
  refreshIfOlderThan(minAgeMs: number): Promise<void> {
    return Date.now() - this.loadedAt < minAgeMs ? Promise.resolve() : this.refresh();
  }

  private async ensureLoaded(): Promise<void> {
    if (this.rules.size === 0) await (this.loading ?? this.refresh());
  }

  async get(symbol: string): Promise<T | undefined> {
    await this.ensureLoaded();
    return this.rules.get(symbol);
  }

  async all(): Promise<T[]> {
    await this.ensureLoaded();
    return [...this.rules.values()];
  }
}
