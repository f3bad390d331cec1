/**
 * One signal from request to answer: parse and validate (a rejection is
 * recorded and answered at once), then, in the symbol's queue, record it as
 * processing, hand it to trading's flows (buy/sell, target position from
 * market_position, close whole or partial), record the outcome and answer in
 * the documented shapes. Every answer says where
 * it traded (paper, testnet or live, and the host) and lists the fields it did
 * not use; every signal ends in one log line.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import Decimal from 'decimal.js';
import { sameSecret } from '../common/constant-time';
import { SignalRejection } from '../common/signal-rejection';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import { EXCHANGE, ExchangePort } from '../exchange/exchange.port';
import type { ExchangeVenue } from '../exchange/exchange-venue';
import { SignalHistoryRepository } from '../journal/signal-history.repository';
import { AccountRepository, DEFAULT_ACCOUNT_ID } from '../accounts/account.repository';
import { BotWithAccounts, DEFAULT_BOT_ID } from '../accounts/bot-view';
import { TradingSwitches } from '../accounts/trading-switches';
import { AccountExchanges } from '../accounts/account-exchanges';
import { BotSecrets } from '../accounts/bot-secrets';
import { RequestWeightBudget } from '../exchange/request-weight-budget';
import { withBotDefaults } from './bot-defaults';
import type { AlertRoute, BotRun, SignalAnswer } from './alert-route';

export type { SignalAnswer } from './alert-route';
import { FanOut } from './fan-out';
import { bodyHash, DuplicateDetector } from './duplicate-detector';
import { checkSecret, checkSource, secretFrom } from './webhook-access';
import { isTradablePerpetual } from '../exchange/symbol-rules';
import { RequestTallyRecorder } from '../journal/request-tally.recorder';
import { SignalJournal } from '../journal/signal-journal';
import { SignalHeader, SignalOutcome } from '../journal/signal-record';
import { SecretRedactor } from '../logging/secret-redactor';
import { SECRET_REDACTOR } from '../logging/logging.module';
import { CloseService } from '../trading/close/close.service';
import { PartialCloseService } from '../trading/close/partial-close.service';
import { newSignalId } from '../trading/client-order-id';
import { ExchangeClock } from '../trading/exchange-clock';
import { protectionJson } from '../trading/protection/protection-request';
import { SymbolQueue } from '../trading/symbol-queue';
import { TargetPositionService } from '../trading/target-position.service';
import { TradingService } from '../trading/trading.service';
import { translateError } from './error-translation';
import {
  calculationDetails,
  cancelledIds,
  closeResponse,
  errorResponse,
  partialCloseResponse,
  partialDetails,
  protectionResponse,
  skippedResponse,
  targetDetails,
  targetResponse,
  tradeResponse,
} from './signal-responses';
import { assertShallow, parseBody, validateSignal, ValidSignal } from './signal-validation';
import { normaliseSymbol } from './symbol-normaliser';
import { signalLogEntry } from './signal-log';
import { unauthenticatedRecord } from './unauthenticated-record';
import { WEBHOOK_ROUTES, WebhookRoute } from './webhook-routes';

/**
 * The same id with another body: not a retry. TradingView's {{strategy.order.id}}
 * is the order's name ("Long"), the same on every alert; taking it for a
 * retry would stop the strategy from trading with no visible error.
 */
function idReused(externalId: string, originalId: string): SignalRejection {
  return new SignalRejection(
    `Signal id "${externalId}" was already used on this route by signal ${originalId} with a different message: ` +
      'not executed (the same id with the same message is a retry; with another message it is a different alert)',
    'ID_REUSED',
    409,
    [
      'Make the id unique per alert, e.g. "id": "{{strategy.order.id}}-{{timenow}}"',
      'Or leave id out: identical messages within DEDUP_WINDOW_MS are still treated as retries',
    ],
  );
}

export interface SignalInput {
  body: unknown;
  clientIp?: string;
  token?: unknown;
  replayOfId?: string;
  /** Fired by hand from the dashboard: the admin session stands for the source and secret checks. */
  fromDashboard?: boolean;
  /** The id a replay claimed before running (ReplayService). */
  id?: string;
}

/** The `exchange` field of every answer. */
const venueJson = (venue: ExchangeVenue) => ({ mode: venue.mode, host: venue.host });

/** Characters kept of a signed body that is not JSON. */
const RAW_BODY_CHARS = 2000;

@Injectable()
export class SignalPipeline {
  constructor(
    @Inject(EXCHANGE) private readonly exchange: ExchangePort,
    @Inject(SECRET_REDACTOR) private readonly redactor: SecretRedactor,
    private readonly trading: TradingService,
    private readonly targets: TargetPositionService,
    private readonly partials: PartialCloseService,
    private readonly closer: CloseService,
    private readonly journal: SignalJournal,
    private readonly queue: SymbolQueue,
    private readonly tallies: RequestTallyRecorder,
    private readonly switches: TradingSwitches,
    private readonly history: SignalHistoryRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    accounts: AccountRepository,
    exchanges: AccountExchanges,
    budget: RequestWeightBudget,
    private readonly botSecrets: BotSecrets,
  ) {
    this.duplicates = new DuplicateDetector(config.dedupWindowMs, (route, id) => history.claimOfExternalId(route, id));
    this.fanOut = new FanOut(
      { accounts, exchanges, budget, switches, journal, queue },
      {
        execute: (route, header, signal, maxPositionValue) => this.execute(route, header, signal, maxPositionValue),
        refuse: (header, error) => Promise.resolve(this.refuse(header, error)),
        settle: (header, outcome) => this.settle(header, outcome),
        defaultVenue: () => this.exchange.venue,
      },
    );
  }

  private readonly duplicates: DuplicateDetector;
  private readonly fanOut: FanOut;
  private readonly logger = new Logger('Signals');

  async handle(route: WebhookRoute, input: SignalInput): Promise<SignalAnswer> {
    if (route === 'bot') throw new Error('bot alerts go through handleBotUrl');
    const alertRoute = { name: route, stateAware: WEBHOOK_ROUTES[route].stateAware, secret: this.config.webhookSecret };
    // Where this signal trades, fixed on arrival (the credentials endpoint may switch it later).
    const venue = this.exchange.venue;
    const header = this.newHeader(alertRoute.name, input, DEFAULT_BOT_ID, DEFAULT_ACCOUNT_ID);
    Object.assign(header, { exchangeMode: venue.mode, exchangeHost: venue.host });
    const answer = await this.process(alertRoute, input, header);
    const ignored = header.ignoredFields?.length ? { ignored_fields: header.ignoredFields } : {};
    return { httpStatus: answer.httpStatus, body: { ...answer.body, ...ignored, exchange: venueJson(venue) } };
  }

  /**
   * An alert to a bot's URL: checked once against the bot's secret, completed with the bot's defaults,
   * recorded once, then traded by every enabled account of the bot in parallel (fan-out.ts). The answer
   * lists each account's outcome, with the mode and host it traded on.
   */
  async handleBot(bot: BotWithAccounts, secret: string, input: SignalInput): Promise<SignalAnswer> {
    const run: BotRun = {
      id: bot.id,
      slug: bot.slug,
      name: bot.name,
      defaults: (bot.defaults ?? {}) as Record<string, unknown>,
      accountIds: bot.accounts.map((a) => a.accountId).sort(),
    };
    const route: AlertRoute = { name: `bot:${bot.slug}`, stateAware: bot.stateAware, secret, bot: run };
    const header = this.newHeader(route.name, input, bot.id, undefined);
    const answer = await this.process(route, input, header);
    const ignored = header.ignoredFields?.length ? { ignored_fields: header.ignoredFields } : {};
    return { httpStatus: answer.httpStatus, body: { ...answer.body, ...ignored } };
  }

  /** An alert to /api/bots/{slug}/webhook: the bot's own route, or 404 (recorded) when no bot has the slug. */
  async handleBotUrl(slug: string, input: SignalInput): Promise<SignalAnswer> {
    const resolved = await this.botSecrets.resolve(slug);
    if (resolved) return this.handleBot(resolved.bot, resolved.secret, input);
    const header = this.newHeader(`bot:${slug.slice(0, 64)}`, input, DEFAULT_BOT_ID, undefined);
    header.botId = undefined;
    const unknown = new SignalRejection(
      `No bot answers on /api/bots/${slug.slice(0, 64)}/webhook`,
      'UNKNOWN_BOT',
      404,
      ["Copy the bot's URL from GET /api/admin/bots (webhook_path)"],
    );
    return this.refuseUnauthenticated(header, unauthenticatedRecord(input.body, undefined, this.redactor), unknown);
  }

  private newHeader(route: string, input: SignalInput, botId: string, accountId: string | undefined): SignalHeader {
    const receivedAt = new Date();
    return {
      id: input.id ?? newSignalId(receivedAt.getTime()),
      route,
      clientIp: input.clientIp,
      payload: this.rawPayload(input.body),
      receivedAt,
      replayOfId: input.replayOfId,
      // A replay is only ever of a signal that passed both checks (ReplayService); a dashboard
      // signal comes from a signed-in admin.
      authenticated: input.replayOfId !== undefined || input.fromDashboard === true,
      botId,
      accountId,
    };
  }

  private async process(route: AlertRoute, input: SignalInput, header: SignalHeader): Promise<SignalAnswer> {
    let signal: ValidSignal;
    let payload: Record<string, unknown>;
    let tradable: string[] = [];
    const replay = input.replayOfId !== undefined;
    const admitted = replay || input.fromDashboard === true;
    let parsed: Record<string, unknown> | undefined;
    // The kill switches are read while the alert is checked: no added wait.
    const halted = route.bot ? this.switches.blockerForBot(route.bot.id) : this.haltedFor(DEFAULT_BOT_ID);
    try {
      if (!admitted) checkSource(input.clientIp, this.config.webhookIpAllowlist);
    } catch (error) {
      return this.refuseUnauthenticated(header, unauthenticatedRecord(input.body, undefined, this.redactor), error);
    }
    try {
      let parseError: unknown;
      try {
        parsed = parseBody(input.body);
      } catch (error) {
        parseError = error;
      }
      if (parsed) header.payload = this.redactor.redact(parsed);
      // Strangers learn nothing about the input rules: the secret is checked first.
      if (!admitted) {
        try {
          checkSecret(secretFrom(parsed, input.token), route.secret);
        } catch (error) {
          return this.refuseUnauthenticated(header, unauthenticatedRecord(input.body, parsed, this.redactor), error);
        }
        header.authenticated = true;
      }
      if (!parsed) throw parseError;
      assertShallow(input.body);
      // A bot's defaults fill the fields the alert left out; the record keeps the alert as sent.
      payload = route.bot ? withBotDefaults(parsed, route.bot.defaults) : parsed;
      // Redacted before it is cut: a cut secret would no longer be recognised.
      if (typeof payload.symbol === 'string') header.rawSymbol = this.redactor.redactThenCut(payload.symbol, 64);
      tradable = await this.tradableSymbols();
      signal = validateSignal(payload, tradable, {
        receivedAtMs: header.receivedAt.getTime(),
        maxSignalAgeS: this.config.maxSignalAgeS,
      });
    } catch (error) {
      // Keep what can be known of a refused signal, so history filters find it.
      if (header.rawSymbol) {
        const symbol = normaliseSymbol(header.rawSymbol, tradable);
        if (symbol.ok) header.symbol = symbol.symbol;
      }
      return this.refuse(header, error);
    }
    Object.assign(header, {
      action: signal.action.toUpperCase() as SignalHeader['action'],
      rawSymbol: signal.rawSymbol,
      symbol: signal.symbol,
      balancePercentage: signal.balancePercentage,
      leverage: signal.leverage,
      entryPrice: signal.entry,
      marginType: signal.marginType,
      externalId: replay ? undefined : signal.externalId,
      ignoredFields: signal.ignoredFields,
      bodyHash: bodyHash(parsed),
      protectionRequest: signal.protection ? protectionJson(signal.protection) : undefined,
      ...recordedTargetFields(signal),
    });
    // The place in the symbol's queue (each account's, for a bot) is taken on arrival, before the kill
    // switches and the duplicate check await Postgres: alerts run in the order they arrived.
    const places = route.bot
      ? this.fanOut.reserve(route.bot, signal.symbol)
      : new Map([[DEFAULT_ACCOUNT_ID, this.queue.reserve(signal.symbol)]]);
    const releaseAll = () => places.forEach((place) => place.release());
    // Halted: recorded and answered 423, nothing sent. The id stays free for the alert's retry after resuming.
    const stop = await halted;
    if (stop) {
      releaseAll();
      return this.refuse({ ...header, externalId: undefined }, stop);
    }
    if (!replay) {
      const { externalId, symbol } = signal;
      const claim = await this.duplicates
        .claim({ route: route.name, signalId: header.id, externalId, symbol, body: parsed })
        .catch((error: unknown) => {
          releaseAll();
          throw error;
        });
      if (claim.kind !== 'new') releaseAll();
      if (claim.kind === 'duplicate') return this.duplicate(header, signal, claim.originalId);
      if (claim.kind === 'id-reused') {
        return this.refuse({ ...header, externalId: undefined }, idReused(externalId!, claim.originalId));
      }
    }
    // The signal row is written while the signal waits for its symbol's turn
    // (and the lock): it exists before the exchange is touched, at no extra wait.
    if (route.bot) {
      // A bot alert with an id is claimed in Postgres before any account trades: two instances given
      // the same alert trade it once.
      if (header.externalId && (await this.journal.claim(header)) === 'taken') {
        releaseAll();
        const stored = await this.history.claimOfExternalId(route.name, header.externalId).catch(() => undefined);
        return this.duplicate(header, signal, stored?.signalId ?? 'received by another instance');
      }
      const recorded = header.externalId ? Promise.resolve() : this.journal.start(header);
      return this.fanOut.run(route, header, signal, places, recorded);
    }
    const recorded = this.journal.start(header);
    return places.get(DEFAULT_ACCOUNT_ID)!.run(async () => {
      await recorded;
      return this.execute(route, header, signal);
    });
  }

  private async execute(
    route: AlertRoute,
    header: SignalHeader,
    signal: ValidSignal,
    maxPositionValue?: Decimal,
  ): Promise<SignalAnswer> {
    let answer: SignalAnswer;
    let outcome: Omit<SignalOutcome, 'answeredAt'>;
    try {
      ({ answer, outcome } =
        signal.action === 'target'
          ? await this.target(header, signal)
          : signal.action === 'close' && signal.partial
            ? await this.partialClose(route, header, signal)
            : signal.action === 'close'
              ? await this.close(route, header, signal)
              : await this.open(route, header, signal, maxPositionValue));
    } catch (error) {
      const t = translateError(error);
      answer = { httpStatus: t.httpStatus, body: errorResponse(t, header.payload, header.id) };
      outcome = {
        status: t.status,
        httpStatus: t.httpStatus,
        errorCode: t.errorCode,
        errorMessage: t.message,
        suggestions: t.suggestions,
      };
    }
    // Written after answering: TradingView is waiting, and the journal never
    // loses the write (pending file on failure, settled before shutdown).
    this.settle(header, { ...outcome, answeredAt: new Date() });
    return answer;
  }

  /** The kill switch that stops this bot's alerts on today's routes (global, the bot's, the default account's). */
  private async haltedFor(botId: string): Promise<SignalRejection | undefined> {
    const [bot, account] = await Promise.all([
      this.switches.blockerForBot(botId),
      this.switches.blockerForAccount(DEFAULT_ACCOUNT_ID),
    ]);
    return bot ?? account;
  }

  /** Records the outcome (after the answer) and writes the signal's one log line. */
  private settle(header: SignalHeader, outcome: SignalOutcome): void {
    this.journal.finishLater(header, outcome);
    const entry = signalLogEntry(header, outcome);
    this.logger[entry.level]({ msg: entry.message, ...entry.fields });
  }

  private async open(route: AlertRoute, header: SignalHeader, signal: ValidSignal, maxPositionValue?: Decimal) {
    const result = await this.trading.open({
      signalId: header.id,
      symbol: signal.symbol,
      action: signal.action as 'buy' | 'sell',
      balancePercentage: signal.balancePercentage,
      sizing: signal.sizing,
      protection: signal.protection,
      leverage: signal.leverage!,
      entry: signal.entry,
      marginType: signal.marginType,
      stateAware: route.stateAware,
      maxPositionValue,
    });
    const { calculation, orders, cancelledOrders, exchangeMs, note } = result;
    const protectiveOrders = result.protection?.records;
    const recorded = { calculation, orders, cancelledOrders, exchangeMs, note, protectiveOrders };
    if (result.status === 'skipped') {
      return {
        answer: { httpStatus: 200, body: skippedResponse(header.id, signal, result.note!) },
        outcome: { ...recorded, status: 'SKIPPED' as const, httpStatus: 200 },
      };
    }
    if (result.status === 'executed') {
      return {
        answer: { httpStatus: 200, body: tradeResponse(header.id, signal, result) },
        outcome: { ...recorded, status: 'EXECUTED' as const, httpStatus: 200 },
      };
    }
    const t = translateError(result.error);
    const opposite = result.oppositeClosed;
    const extra = {
      calculation_details: calculationDetails(result),
      ...(opposite ? { opposite_position_closed: `Closed ${opposite.direction.toLowerCase()} position` } : {}),
      ...(cancelledOrders?.length ? { cancelled_algo_orders: cancelledIds(cancelledOrders, 'conditional') } : {}),
      ...(result.protection ? protectionResponse(result.protection) : {}),
    };
    return {
      answer: { httpStatus: t.httpStatus, body: errorResponse(t, header.payload, header.id, extra) },
      outcome: {
        ...recorded,
        status: 'FAILED' as const,
        httpStatus: t.httpStatus,
        errorCode: t.errorCode,
        errorMessage: t.message,
        suggestions: t.suggestions,
      },
    };
  }

  private async close(route: AlertRoute, header: SignalHeader, signal: ValidSignal) {
    const result = await this.closer.close(signal.symbol, header.id, route.stateAware);
    const { note, exchangeMs } = result;
    if (result.status === 'skipped') {
      return {
        answer: { httpStatus: 200, body: skippedResponse(header.id, signal, note!) },
        outcome: { status: 'SKIPPED' as const, httpStatus: 200, note, exchangeMs },
      };
    }
    const recorded = { orders: result.closed, cancelledOrders: result.cancelled, exchangeMs };
    if (result.status === 'failed') {
      const t = translateError(result.error);
      const { closed_positions, cancelled_orders, cancelled_algo_orders } = closeResponse(header.id, signal, result);
      const extra = { closed_positions, cancelled_orders, cancelled_algo_orders };
      const body = errorResponse(t, header.payload, header.id, extra);
      const { httpStatus, errorCode, message: errorMessage, suggestions } = t;
      return {
        answer: { httpStatus, body },
        outcome: { ...recorded, status: 'FAILED' as const, httpStatus, errorCode, errorMessage, suggestions, note },
      };
    }
    const body = closeResponse(header.id, signal, result);
    return {
      answer: { httpStatus: 200, body },
      outcome: { ...recorded, status: 'EXECUTED' as const, httpStatus: 200, note },
    };
  }

  /** A target-position alert: only the difference from the held position is traded (both routes alike). */
  private async target(header: SignalHeader, signal: ValidSignal) {
    const target = signal.target!;
    const result = await this.targets.reach({
      signalId: header.id,
      symbol: signal.symbol,
      position: target.position,
      size: target.size,
      balancePercentage: signal.balancePercentage,
      leverage: signal.leverage,
      entry: signal.entry,
      marginType: signal.marginType,
      protection: signal.protection,
    });
    const asset = (await this.exchange.symbolRules(signal.symbol))?.baseAsset ?? '';
    const { calculation, orders, cancelled, exchangeMs, note } = result;
    const protectiveOrders = result.protection?.records;
    const recorded = { calculation, orders, cancelledOrders: cancelled, exchangeMs, note, protectiveOrders };
    if (result.status === 'skipped') {
      const body = { ...skippedResponse(header.id, signal, note!), ...targetDetails(signal, result, asset) };
      return {
        answer: { httpStatus: 200, body },
        outcome: { ...recorded, status: 'SKIPPED' as const, httpStatus: 200 },
      };
    }
    if (result.status === 'executed') {
      const body = targetResponse(header.id, signal, result, asset);
      return {
        answer: { httpStatus: 200, body },
        outcome: { ...recorded, status: 'EXECUTED' as const, httpStatus: 200 },
      };
    }
    const t = translateError(result.error);
    const body = errorResponse(t, header.payload, header.id, targetDetails(signal, result, asset));
    const { httpStatus, errorCode, message: errorMessage, suggestions } = t;
    return {
      answer: { httpStatus, body },
      outcome: { ...recorded, status: 'FAILED' as const, httpStatus, errorCode, errorMessage, suggestions },
    };
  }

  /** close with close_percentage / close_quantity. */
  private async partialClose(route: AlertRoute, header: SignalHeader, signal: ValidSignal) {
    const clock = new ExchangeClock();
    const result = await clock.time(this.partials.close(signal.symbol, header.id, signal.partial!));
    const recorded = {
      orders: result.closed,
      cancelledOrders: result.cancelled,
      exchangeMs: clock.elapsed,
      note: result.note,
    };
    if (result.kind === 'nothing' && route.stateAware) {
      const body = skippedResponse(header.id, signal, result.note!);
      return {
        answer: { httpStatus: 200, body },
        outcome: { ...recorded, status: 'SKIPPED' as const, httpStatus: 200 },
      };
    }
    if (result.error) {
      const t = translateError(result.error);
      const body = errorResponse(t, header.payload, header.id, partialDetails(result));
      const { httpStatus, errorCode, message: errorMessage, suggestions } = t;
      return {
        answer: { httpStatus, body },
        outcome: { ...recorded, status: 'FAILED' as const, httpStatus, errorCode, errorMessage, suggestions },
      };
    }
    const body = partialCloseResponse(header.id, signal, result);
    return {
      answer: { httpStatus: 200, body },
      outcome: { ...recorded, status: 'EXECUTED' as const, httpStatus: 200 },
    };
  }

  /**
   * A request that failed the source or secret check. The answer echoes its
   * (redacted) fields as for any refusal; the record keeps only a bounded
   * summary, and past UNAUTHENTICATED_RECORDS_PER_HOUR for its address it is
   * only counted (the answer then has no id).
   */
  private async refuseUnauthenticated(header: SignalHeader, record: unknown, error: unknown): Promise<SignalAnswer> {
    const echo = header.payload;
    Object.assign(header, { payload: record, authenticated: false, rawSymbol: undefined, symbol: undefined });
    const limit = this.config.unauthenticatedRecordsPerHour;
    const store = await this.tallies.count('UNAUTHENTICATED', header.clientIp, limit);
    const t = translateError(error);
    if (!store) return { httpStatus: t.httpStatus, body: errorResponse(t, echo) };
    const { status, httpStatus, errorCode, message: errorMessage, suggestions } = t;
    this.settle(header, { status, httpStatus, errorCode, errorMessage, suggestions, answeredAt: new Date() });
    return { httpStatus: t.httpStatus, body: errorResponse(t, echo, header.id) };
  }

  private refuse(header: SignalHeader, error: unknown): SignalAnswer {
    const t = translateError(error);
    if (t.errorCode === 'TOO_DEEP') {
      this.logger.warn(`refused signal ${header.id} from ${header.clientIp ?? 'unknown'}: ${t.message}`);
    }
    const answeredAt = new Date();
    const { status, httpStatus, errorCode, message: errorMessage, suggestions } = t;
    this.settle(header, { status, httpStatus, errorCode, errorMessage, suggestions, answeredAt });
    return { httpStatus: t.httpStatus, body: errorResponse(t, header.payload, header.id) };
  }

  /**
   * A body over the size limit: refused without being read, and recorded (as
   * unauthenticated, hence bounded and counted past the threshold, unless the
   * URL carries the secret).
   */
  async refuseTooLarge(route: WebhookRoute, clientIp?: string, token?: unknown): Promise<SignalAnswer> {
    const receivedAt = new Date();
    const venue = this.exchange.venue;
    const header: SignalHeader = {
      id: newSignalId(receivedAt.getTime()),
      route,
      clientIp,
      payload: { raw: '[body over the size limit, not kept]' },
      receivedAt,
      exchangeMode: venue.mode,
      exchangeHost: venue.host,
      botId: DEFAULT_BOT_ID,
      accountId: DEFAULT_ACCOUNT_ID,
    };
    const message = 'Payload too large: the alert message must be at most 64 KB';
    const advice = ['Send only the JSON signal as the alert message'];
    const tooLarge = new SignalRejection(message, 'PAYLOAD_TOO_LARGE', 413, advice);
    const secret = this.config.webhookSecret;
    const signed = !secret || (typeof token === 'string' && sameSecret(token, secret));
    const answer = signed
      ? this.refuse({ ...header, authenticated: true }, tooLarge)
      : await this.refuseUnauthenticated(header, header.payload, tooLarge);
    return { httpStatus: answer.httpStatus, body: { ...answer.body, exchange: venueJson(venue) } };
  }

  private duplicate(header: SignalHeader, signal: ValidSignal, originalId: string): SignalAnswer {
    const note = `Duplicate of signal ${originalId}: not executed`;
    const reason = signal.externalId
      ? `id "${signal.externalId}" was already received on this route`
      : 'the same alert arrived moments ago';
    Object.assign(header, { externalId: undefined, duplicateOfId: originalId });
    this.settle(header, { status: 'DUPLICATE', httpStatus: 200, note, answeredAt: new Date() });
    return {
      httpStatus: 200,
      body: {
        success: true,
        duplicate: true,
        id: header.id,
        original_id: originalId,
        message: `${note} (${reason})`,
        timestamp: new Date().toISOString(),
      },
    };
  }

  private async tradableSymbols(): Promise<string[]> {
    return (await this.exchange.allSymbolRules()).filter(isTradablePerpetual).map((r) => r.symbol);
  }

  /** What to keep of a body that may not be JSON at all: redacted, then cut. */
  private rawPayload(body: unknown): unknown {
    if (typeof body === 'string') return { raw: this.redactor.redactThenCut(body, RAW_BODY_CHARS) };
    if (Buffer.isBuffer(body)) return { raw: this.redactor.redactThenCut(body.toString('utf8'), RAW_BODY_CHARS) };
    return this.redactor.redact(body ?? {});
  }
}

const POSITION_WORDS = { long: 'LONG', short: 'SHORT', flat: 'FLAT' } as const;

/** The record's columns for target-position alerts and partial exits. */
function recordedTargetFields(signal: ValidSignal): Partial<SignalHeader> {
  const target = signal.target;
  return {
    targetPosition: target && POSITION_WORDS[target.position],
    targetQuantity: target?.size,
    prevMarketPosition: target?.previous && POSITION_WORDS[target.previous],
    closePercentage: signal.partial?.percentage,
    closeQuantity: signal.partial?.quantity,
  };
}
