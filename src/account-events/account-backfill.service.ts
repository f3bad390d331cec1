/**
 * Records what the stream missed, from Binance's trade and income history:
 * at boot (when there is history of ours to continue), after every reconnect
 * (from when the connection was lost), after a funding fee (the stream does
 * not carry its id or, for cross margin, its symbol), and periodically (the
 * only source with BINANCE_STREAMS=off). The window starts where the records
 * stop (a minute of overlap; duplicates are skipped by Binance's ids) and
 * reaches back at most 7 days, Binance's limit. Requests made while one runs
 * are merged into one more run.
 */
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { HISTORY_WINDOW_MS } from '../exchange/account-history.port';
import { SwitchableExchange } from '../exchange/switchable.exchange';
import { eventFromIncome, eventFromTrade, NewAccountEvent } from './account-event';
import { AccountEventsFeed } from './account-events.feed';
import { AccountEventsRepository } from './account-events.repository';

/** Overlap with what is already recorded, for events recorded slightly out of order. */
const OVERLAP_MS = 60_000;
/**
 * Trades this recent are recorded only after this long, so the stream (when
 * up) records them first, with what history lacks: client order ids, and
 * whether Binance liquidated.
 */
const STREAM_GRACE_MS = 2_000;
/** Income types made by fills: the symbols they name have trades to read. */
const FILL_INCOME = new Set(['REALIZED_PNL', 'COMMISSION', 'INSURANCE_CLEAR']);

export interface BackfillResult {
  from: Date;
  to: Date;
  inserted: number;
}

@Injectable()
export class AccountBackfillService implements OnApplicationShutdown {
  private readonly logger = new Logger('AccountBackfill');
  private running?: Promise<BackfillResult | undefined>;
  /** The earliest start asked for while a run was under way (undefined: from the records). */
  private again?: { since?: Date };
  private stopped = false;

  constructor(
    private readonly exchange: SwitchableExchange,
    private readonly repository: AccountEventsRepository,
    private readonly feed: AccountEventsFeed,
  ) {}

  /** Runs now, or once more after the run under way; answers when the asked window is recorded. */
  async request(since?: Date): Promise<BackfillResult | undefined> {
    if (this.stopped) return undefined;
    if (this.running) {
      const earliest = this.again?.since && since ? new Date(Math.min(+this.again.since, +since)) : undefined;
      this.again = { since: this.again ? earliest : since };
      await this.running.catch(() => undefined);
      return this.request(undefined);
    }
    const run = this.run(since);
    this.running = run;
    try {
      return await run;
    } finally {
      this.running = undefined;
      const again = this.again;
      this.again = undefined;
      if (again) void this.request(again.since).catch(() => undefined);
    }
  }

  /** At boot: only when there is something of ours to continue (a recorded event or a signal). */
  async atBoot(): Promise<BackfillResult | undefined> {
    const account = this.exchange.accountId;
    const latest = await this.repository.latestOccurredAt(account);
    const first = latest ?? (await this.repository.firstSignalAt());
    if (!first) return undefined;
    return this.request(latest ? undefined : first);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
  }

  private async run(since?: Date): Promise<BackfillResult | undefined> {
    const account = this.exchange.accountId;
    const to = new Date();
    const latest = since ?? (await this.repository.latestOccurredAt(account));
    if (!latest) return undefined;
    const from = new Date(Math.max(+latest - OVERLAP_MS, +to - HISTORY_WINDOW_MS + 1000));
    const income = await this.exchange.incomeHistory(+from, +to);
    const events: NewAccountEvent[] = income.map(eventFromIncome).filter((e) => e !== undefined);
    const symbols = new Set(income.filter((i) => FILL_INCOME.has(i.incomeType) && i.symbol).map((i) => i.symbol));
    for (const symbol of await this.repository.orderedSymbols(from)) symbols.add(symbol);
    for (const symbol of [...symbols].sort()) {
      const trades = await this.exchange.tradeHistory(symbol, +from, +to);
      events.push(...trades.map(eventFromTrade));
    }
    const newest = Math.max(0, ...events.map((e) => +e.occurredAt));
    const wait = newest + STREAM_GRACE_MS - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (this.stopped) return undefined;
    const inserted = await this.repository.append(account, events);
    this.feed.publish(inserted);
    if (inserted.length) this.logger.log(`back-filled ${inserted.length} account events from ${from.toISOString()}`);
    return { from, to, inserted: inserted.length };
  }
}
