/**
 * One bot alert, every enabled account of the bot, in parallel. Each account
 * runs in its own place of its own symbol queue (so alerts keep their order
 * per account and symbol, across instances too, through the queue's advisory
 * lock), on its own adapter (account-context.ts), with its own sizing from its
 * own balance, multiplier and limits (account-limits.ts), its own client order
 * ids (its execution id) and its own records: an execution row under the
 * alert's row. An account's failure is its own: the others go on. When its
 * turn comes (an alert may wait in the queue behind others), the account is
 * read again (its limits, keys, mode as they are now) and the kill switches
 * (global, the bot's, the account's) are asked again, and again immediately
 * before each order is sent; then it reserves its expected request weight
 * from the budget Binance counts per IP for all of them.
 * Each account's trade goes to trading through the same hand-over as today's routes (trade-hand-over.ts).
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Account } from '../generated/prisma/client';
import { SignalRejection } from '../common/signal-rejection';
import { AccountExchanges } from '../accounts/account-exchanges';
import { BotDirectory } from '../accounts/bot-directory';
import { AccountRepository } from '../accounts/account.repository';
import { accountBlocker, TradingSwitches } from '../accounts/trading-switches';
import { inAccount } from '../exchange/account-context';
import { EXCHANGE, ExchangePort } from '../exchange/exchange.port';
import type { ExchangeVenue } from '../exchange/exchange-venue';
import { RequestWeightBudget } from '../exchange/request-weight-budget';
import { SignalJournal } from '../journal/signal-journal';
import type { SignalHeader } from '../journal/signal-record';
import { QueuePlace, queueKey, SymbolQueue } from '../trading/symbol-queue';
import { signalForAccount } from './account-limits';
import type { AlertRoute, BotRun, SignalAnswer } from './alert-route';
import { KEY_REFUSED_CODES } from './error-translation';
import { SignalSettler } from './signal-settler';
import type { ValidSignal } from './signal-validation';
import { TradeHandOver } from './trade-hand-over';
import { rateBudgetRefusal, weightClaim } from './weight-claim';

/**
 * Request weight one account's execution is expected to use: balance 5, position risk 5, price 1,
 * conditional orders 1, and room for a leverage or margin type change or an order lookup (orders weigh
 * 0 on the IP limit); https://developers.binance.com/docs/derivatives/usds-margined-futures (each
 * endpoint's "Request Weight").
 */
export const EXECUTION_WEIGHT = 15;

interface AccountResult {
  account: Account;
  venue: ExchangeVenue | undefined;
  answer: SignalAnswer;
  /** Why nothing was sent to the account on purpose: disabled, or halted. */
  skipped?: 'disabled' | 'halted';
}

/** One account's execution row under the alert's. */
function executionHeader(parent: SignalHeader, account: Account, index: number): SignalHeader {
  return {
    ...parent,
    id: executionId(parent.id, index),
    parentId: parent.id,
    accountId: account.id,
    externalId: undefined,
    replayOfId: undefined,
    exchangeMode: account.mode ?? undefined,
    exchangeHost: null,
  };
}

/** An account removed while its alert waited. */
function gone(name: string): SignalRejection {
  return new SignalRejection(`Account ${name} was removed: nothing was sent`, 'DISABLED', 423, [
    'Nothing to do: the account is gone',
  ]);
}

/** An execution's id: the alert's id and the account's place in the bot (≤ 23 characters, so client ids fit). */
export function executionId(signalId: string, index: number): string {
  return `${signalId}-${index.toString(36)}`;
}

/**
 * Where the alert's own row says it traded: the accounts' mode and host when they all share them;
 * "mixed" (and no host) when they do not, each execution keeping its own.
 */
export function alertVenue(results: Array<{ account: Pick<Account, 'mode'>; venue: ExchangeVenue | undefined }>): {
  exchangeMode: string | undefined;
  exchangeHost: string | null;
} {
  const modes = new Set(results.map((r) => r.venue?.mode ?? r.account.mode ?? 'paper'));
  const hosts = new Set(results.map((r) => r.venue?.host ?? null));
  const [mode] = modes;
  const [host] = hosts;
  return {
    exchangeMode: modes.size > 1 ? 'mixed' : mode,
    exchangeHost: modes.size === 1 && hosts.size === 1 ? host : null,
  };
}

@Injectable()
export class FanOut {
  constructor(
    private readonly directory: BotDirectory,
    private readonly accountRows: AccountRepository,
    private readonly exchanges: AccountExchanges,
    private readonly budget: RequestWeightBudget,
    private readonly switches: TradingSwitches,
    private readonly journal: SignalJournal,
    private readonly queue: SymbolQueue,
    private readonly settler: SignalSettler,
    private readonly handOver: TradeHandOver,
    @Inject(EXCHANGE) private readonly exchange: ExchangePort,
  ) {}

  /** Takes every account's place in its symbol queue, on arrival (before anything awaits). */
  reserve(bot: BotRun, symbol: string): Map<string, QueuePlace> {
    return new Map(bot.accountIds.map((id) => [id, this.queue.reserve(queueKey(id, symbol))]));
  }

  async run(
    route: AlertRoute,
    header: SignalHeader,
    signal: ValidSignal,
    places: Map<string, QueuePlace>,
    recorded: Promise<void>,
  ): Promise<SignalAnswer> {
    const bot = route.bot!;
    let accounts: Account[];
    try {
      // As last seen while Postgres does not answer: the alert still trades, its records wait in the pending file.
      accounts = await this.directory.accountsOf(bot.accountIds);
    } catch (error) {
      places.forEach((place) => place.release());
      await recorded;
      return this.settler.refuse(header, error);
    }
    const sorted = [...accounts].sort((a, b) => a.id.localeCompare(b.id));
    const enabled = sorted.filter((a) => a.enabled);
    for (const [id, place] of places) if (!enabled.some((a) => a.id === id)) place.release();
    // A disabled account is listed and recorded as skipped, never silently left out (nothing is sent to it).
    const disabled = sorted
      .filter((a) => !a.enabled)
      .map(async (account) => {
        await recorded;
        const execution = executionHeader(header, account, bot.accountIds.indexOf(account.id));
        const answer = this.settler.refuse(execution, accountBlocker(account));
        return { account, venue: undefined, answer, skipped: 'disabled' } satisfies AccountResult;
      });
    const traded = enabled.map((account) =>
      places.get(account.id)!.run(async () => {
        await recorded;
        const index = bot.accountIds.indexOf(account.id);
        return this.runAccount(route, header, signal, account, index);
      }),
    );
    const results = await Promise.all([...traded, ...disabled]);
    results.sort((a, b) => a.account.id.localeCompare(b.account.id));
    return this.summarise(bot, header, results);
  }

  private async runAccount(
    route: AlertRoute,
    parent: SignalHeader,
    signal: ValidSignal,
    account: Account,
    index: number,
  ): Promise<AccountResult> {
    const header = executionHeader(parent, account, index);
    const refuse = (error: unknown, venue?: ExchangeVenue): AccountResult => ({
      account,
      venue,
      answer: this.settler.refuse(header, error),
    });
    // The account as it is now (an edit while the alert waited: its limits, keys and mode), and the switches.
    const botId = route.bot!.id;
    const [now, blocked] = await Promise.all([
      this.directory.accountsOf([account.id]).then((rows) => rows[0]),
      this.switches.blockerForExecution(botId, account.id),
    ]);
    if (blocked) return { ...refuse(blocked), skipped: blocked.code === 'DISABLED' ? 'disabled' : 'halted' };
    if (!now) return refuse(gone(account.name));
    account = now;
    const limited = signalForAccount(signal, account);
    if (!limited.ok) return refuse(limited.refusal);
    let adapter;
    try {
      adapter = await this.exchanges.adapterOf(account);
    } catch (error) {
      return refuse(error);
    }
    const venue = adapter?.venue ?? this.exchange.venue;
    // A paper account sends nothing to Binance: it takes none of the per-IP request weight.
    if (venue.mode !== 'paper') {
      const weight = this.exchanges.expectedWeight(account.id, EXECUTION_WEIGHT);
      const admitted = await this.budget.reserve(weight, weightClaim(route.bot!.id, signal));
      if (!admitted.admitted) return refuse(rateBudgetRefusal(admitted.retryInMs, `account ${account.name}`));
    }
    Object.assign(header, { exchangeMode: venue.mode, exchangeHost: venue.host });
    // The execution's row is written before anything is sent; its foreign key to the account makes a removal
    // either wait for it and be refused, or come first and leave nothing to trade on.
    if ((await this.journal.start(header)) === 'account-gone') {
      header.accountId = undefined;
      return refuse(gone(account.name), venue);
    }
    const beforeOrder = () => this.switches.blockerForExecution(botId, account.id);
    const answer = await inAccount({ accountId: account.id, exchange: adapter, beforeOrder }, () =>
      this.handOver.trade(header, limited.signal, route.stateAware, limited.caps),
    );
    if (adapter?.kind === 'binance') this.budget.report(adapter.usedWeight1m());
    if (answer.errorCode && KEY_REFUSED_CODES.includes(Number(answer.errorCode))) {
      const refused = typeof answer.body.error === 'string' ? answer.body.error : `Binance error ${answer.errorCode}`;
      void this.accountRows.markKeysRefused(account.id, refused).catch(() => undefined);
    }
    return { account, venue, answer };
  }

  /** The alert's own row and the answer: every account's outcome, with the mode and host it traded on. */
  private summarise(bot: BotRun, header: SignalHeader, results: AccountResult[]): SignalAnswer {
    const ok = results.filter((r) => r.answer.httpStatus === 200);
    const failed = results.filter((r) => r.answer.httpStatus !== 200);
    const all = results.length;
    const notDone = (skipped: boolean) => failed.filter((r) => (r.skipped !== undefined) === skipped);
    const message =
      ok.length === 0 && failed.every((r) => r.skipped === 'disabled')
        ? `Bot ${bot.name} has no enabled account: nothing sent` +
          (all
            ? `; skipped: ${notDone(true)
                .map((r) => `${r.account.name} (disabled)`)
                .join(', ')}`
            : '')
        : `${ok.length} of ${all} account${all === 1 ? '' : 's'} done` +
          (notDone(false).length
            ? `; failed: ${notDone(false)
                .map((r) => r.account.name)
                .join(', ')}`
            : '') +
          (notDone(true).length
            ? `; skipped: ${notDone(true)
                .map((r) => `${r.account.name} (${r.skipped})`)
                .join(', ')}`
            : '');
    const httpStatus =
      failed.length === 0 ? (all === 0 ? 422 : 200) : ok.length === 0 ? failed[0].answer.httpStatus : 207;
    Object.assign(header, alertVenue(results));
    const status = all > 0 && failed.length === 0 ? 'EXECUTED' : ok.length > 0 ? 'PARTIAL' : 'FAILED';
    const see = "Each account's execution is listed under the alert (GET /api/admin/signals/{id}: executions)";
    this.settler.settle(header, {
      status,
      httpStatus,
      note: message,
      ...(all === 0 ? { errorCode: 'NO_ACCOUNT', errorMessage: message } : {}),
      ...(all > 0 && ok.length === 0
        ? { errorCode: 'NO_ACCOUNT_TRADED', errorMessage: message, suggestions: [see] }
        : {}),
      answeredAt: new Date(),
    });
    return {
      httpStatus,
      body: {
        success: failed.length === 0 && all > 0,
        id: header.id,
        bot: bot.slug,
        message,
        executions: results.map((r) => ({
          account_id: r.account.id,
          account: r.account.name,
          exchange: { mode: r.venue?.mode ?? r.account.mode, host: r.venue?.host ?? null },
          http_status: r.answer.httpStatus,
          ...r.answer.body,
        })),
        timestamp: new Date().toISOString(),
      },
    };
  }
}
