/**
 * The bots and accounts as a bot alert reads them: from Postgres, and from the last copy seen when
 * Postgres does not answer. A database outage must not cost an alert (never a lost record): the
 * default route trades through it and keeps its records in the pending file, so a bot alert must find
 * its bot (slug, sealed secret, defaults, accounts) and its accounts without Postgres too. The copy is
 * refreshed by every read, after every edit through the admin API, and every REFRESH_EVERY_MS (so a
 * bot no alert has used yet, or one edited on another instance, is known during an outage).
 */
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Account } from '../generated/prisma/client';
import { AccountRepository } from './account.repository';
import { BotRepository } from './bot.repository';
import type { BotWithAccounts } from './bot-view';

export const REFRESH_EVERY_MS = 30_000;

@Injectable()
export class BotDirectory implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Bots');
  private bots = new Map<string, BotWithAccounts>();
  private accounts = new Map<string, Account>();
  /** Reloads run one after the other; one asked for after an edit starts after it, so it sees the edit. */
  private reloads: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private lastFailureLog = 0;
  /** When the last reload asked for by refreshedSince starts (or started). */
  private askedAt = -Infinity;
  private asked: Promise<void> = Promise.resolve();

  constructor(
    private readonly botRows: BotRepository,
    private readonly accountRows: AccountRepository,
  ) {
    botRows.onWrite(() => this.refresh());
    accountRows.onWrite(() => this.refresh());
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), REFRESH_EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.reloads;
  }

  /** Reloads every bot and account (after an edit, and periodically); a failure keeps the last copy. */
  refresh(): Promise<void> {
    this.reloads = this.reloads.then(() =>
      this.reload().catch((error: Error) => this.unreachable('reload the bots', error)),
    );
    return this.reloads;
  }

  /** The bot of a slug as Postgres has it, or as last seen while Postgres does not answer. */
  async bot(slug: string): Promise<BotWithAccounts | null> {
    try {
      const bot = await this.botRows.findBySlug(slug);
      if (bot) this.bots.set(slug, bot);
      else this.bots.delete(slug);
      return bot;
    } catch (error) {
      this.unreachable(`read bot ${slug}`, error as Error);
      return this.bots.get(slug) ?? null;
    }
  }

  /**
   * The bot of a slug in the copy last seen, without reading Postgres (the rate limiter asks it for
   * every webhook request, strangers' included): at most REFRESH_EVERY_MS old for bots edited on
   * another instance, current for edits made through this one.
   */
  lastSeen(slug: string): BotWithAccounts | undefined {
    return this.bots.get(slug);
  }

  /**
   * Resolves once a reload that started at or after `since` has ended, so that a bot created or given a
   * new secret on another instance just before is known: however many requests ask, at most one such
   * reload per `gapMs` (a request arriving just after one started waits for the next one).
   */
  refreshedSince(since: number, gapMs: number): Promise<void> {
    if (this.askedAt >= since) return this.asked;
    const wait = Math.max(0, this.askedAt + gapMs - Date.now());
    this.askedAt = Date.now() + wait;
    this.asked = new Promise<void>((resolve) => setTimeout(resolve, wait).unref()).then(() => this.refresh());
    return this.asked;
  }

  /** These accounts as Postgres has them, or as last seen while Postgres does not answer. */
  async accountsOf(ids: string[]): Promise<Account[]> {
    try {
      const rows = await this.accountRows.findMany(ids);
      for (const row of rows) this.accounts.set(row.id, row);
      for (const id of ids) if (!rows.some((row) => row.id === id)) this.accounts.delete(id);
      return rows;
    } catch (error) {
      this.unreachable('read the accounts', error as Error);
      return ids.flatMap((id) => this.accounts.get(id) ?? []);
    }
  }

  private async reload(): Promise<void> {
    const [bots, accounts] = await Promise.all([this.botRows.list(), this.accountRows.list()]);
    this.bots = new Map(bots.map((bot) => [bot.slug, bot]));
    this.accounts = new Map(accounts.map((account) => [account.id, account]));
  }

  private unreachable(what: string, error: Error): void {
    if (Date.now() - this.lastFailureLog < 60_000) return;
    this.lastFailureLog = Date.now();
    this.logger.warn(`could not ${what} from Postgres (using the copy last seen): ${error.message}`);
  }
}
