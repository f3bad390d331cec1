/**
 * Intake of one signal, from request to answer: the source and secret checks, parse and validate (a
 * rejection is recorded and answered at once), the place in the symbol's queue, the kill switches, the
 * duplicate check and the record of its start; then the hand-over to trading (trade-hand-over.ts, one
 * entry for every flow), whose outcome is recorded and answered in the documented shapes. A bot's alert
 * fans out to its accounts (fan-out.ts). Every answer says where it traded (paper, testnet or live, and
 * the host) and lists the fields it did not use; every signal ends in one log line (signal-settler.ts).
 */
import { BotDirectory } from '../accounts/bot-directory';
import { signalForAccount } from './account-limits';
import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { sameSecret } from '../common/constant-time';
import { SignalRejection } from '../common/signal-rejection';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import { EXCHANGE, ExchangePort } from '../exchange/exchange.port';
import type { ExchangeVenue } from '../exchange/exchange-venue';
import { RequestWeightBudget } from '../exchange/request-weight-budget';
import { isTradablePerpetual } from '../exchange/symbol-rules';
import { SignalHistoryRepository } from '../journal/signal-history.repository';
import { SignalJournal } from '../journal/signal-journal';
import type { SignalHeader } from '../journal/signal-record';
import { SecretRedactor } from '../logging/secret-redactor';
import { SECRET_REDACTOR } from '../logging/logging.module';
import { DEFAULT_ACCOUNT_ID } from '../accounts/account.repository';
import { BotWithAccounts, DEFAULT_BOT_ID } from '../accounts/bot-view';
import { SwitchRow, switchesSql, TradingSwitches } from '../accounts/trading-switches';
import { inAccount } from '../exchange/account-context';
import { BotSecrets } from '../accounts/bot-secrets';
import { newSignalId } from '../trading/client-order-id';
import { SymbolQueue } from '../trading/symbol-queue';
import { withBotDefaults } from './bot-defaults';
import type { AlertRoute, BotRun, SignalAnswer } from './alert-route';
import { DuplicateDetector } from './duplicate-detector';
import { EXECUTION_WEIGHT, FanOut } from './fan-out';
import { arrivalHeader, SignalInput, validatedFields } from './signal-header';
import { idReused, SignalSettler } from './signal-settler';
import { assertShallow, parseBody, validateSignal, ValidSignal } from './signal-validation';
import { normaliseSymbol } from './symbol-normaliser';
import { TradeHandOver } from './trade-hand-over';
import { rateBudgetRefusal, weightClaim } from './weight-claim';
import { unauthenticatedRecord } from './unauthenticated-record';
import { checkSecret, checkSource, requestSecret } from './webhook-access';
import { botRouteName, DirectRoute, WEBHOOK_ROUTES, WebhookRoute } from './webhook-routes';

export type { SignalAnswer } from './alert-route';
export type { SignalInput } from './signal-header';

/** The `exchange` field of every answer. */
const venueJson = (venue: ExchangeVenue) => ({ mode: venue.mode, host: venue.host });

/** A signal that passed the checks, or the answer that refused it. */
type Admission = { signal: ValidSignal; parsed: Record<string, unknown> } | { refused: SignalAnswer };

@Injectable()
export class SignalPipeline {
  private readonly duplicates: DuplicateDetector;
  /** What an alert to a slug no bot has is checked against: a secret nobody has. */
  private readonly nobodysSecret = randomBytes(32).toString('hex');

  constructor(
    @Inject(EXCHANGE) private readonly exchange: ExchangePort,
    @Inject(SECRET_REDACTOR) private readonly redactor: SecretRedactor,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly journal: SignalJournal,
    private readonly queue: SymbolQueue,
    private readonly switches: TradingSwitches,
    private readonly history: SignalHistoryRepository,
    private readonly botSecrets: BotSecrets,
    private readonly settler: SignalSettler,
    private readonly handOver: TradeHandOver,
    private readonly fanOut: FanOut,
    private readonly budget: RequestWeightBudget,
    private readonly bots: BotDirectory,
  ) {
    this.duplicates = new DuplicateDetector(config.dedupWindowMs, (route, id) => history.claimOfExternalId(route, id));
  }

  /** An alert to one of the direct routes (a bot's alerts come through handleBotUrl). */
  async handle(route: DirectRoute, input: SignalInput): Promise<SignalAnswer> {
    const alertRoute = { name: route, stateAware: WEBHOOK_ROUTES[route].stateAware, secret: this.config.webhookSecret };
    // Where this signal trades, fixed on arrival (the credentials endpoint may switch it later).
    const venue = this.exchange.venue;
    const header = arrivalHeader(alertRoute.name, input, DEFAULT_BOT_ID, DEFAULT_ACCOUNT_ID, this.redactor);
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
    const route: AlertRoute = { name: botRouteName(bot.slug), stateAware: bot.stateAware, secret, bot: run };
    const header = arrivalHeader(route.name, input, bot.id, undefined, this.redactor);
    const answer = await this.process(route, input, header);
    const ignored = header.ignoredFields?.length ? { ignored_fields: header.ignoredFields } : {};
    return { httpStatus: answer.httpStatus, body: { ...answer.body, ...ignored } };
  }

  /**
   * An alert to /api/bots/{slug}/webhook: the bot's own route. The source is checked before the slug is
   * looked up, and a slug no bot has is answered exactly as a wrong secret (checked against a secret
   * nobody has, through the same steps): strangers cannot tell which bots exist. Its record says why.
   */
  async handleBotUrl(slug: string, input: SignalInput): Promise<SignalAnswer> {
    const resolved = this.sourceAllowed(input.clientIp) ? await this.botSecrets.resolve(slug) : undefined;
    if (resolved && 'secret' in resolved) return this.handleBot(resolved.bot, resolved.secret, input);
    const name = botRouteName(slug.slice(0, 64));
    const header = arrivalHeader(name, input, DEFAULT_BOT_ID, undefined, this.redactor);
    header.botId = undefined;
    if (resolved) {
      // The bot's secret cannot be read (CONFIG_ENCRYPTION_KEY missing or changed): nobody can be checked.
      header.botId = resolved.bot.id;
      const unreadable = new SignalRejection(
        `Bot ${resolved.bot.slug} cannot check alerts: its webhook secret cannot be read on this server`,
        'BOT_SECRET_UNREADABLE',
        503,
        ["Set CONFIG_ENCRYPTION_KEY to the key the bot was saved with, or set the bot's webhook_secret again"],
      );
      return this.settler.refuseUnauthenticated(
        header,
        unauthenticatedRecord(input.body, undefined, this.redactor),
        unreadable,
      );
    }
    const unknown = new SignalRejection(
      `No bot answers on /api/bots/${slug.slice(0, 64)}/webhook (answered as a wrong secret)`,
      'UNKNOWN_BOT',
      401,
      ["Copy the bot's URL from GET /api/admin/bots (webhook_path)"],
    );
    return this.process({ name, stateAware: false, secret: this.nobodysSecret, unknownBot: unknown }, input, header);
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
      ? this.settler.refuse({ ...header, authenticated: true }, tooLarge)
      : await this.settler.refuseUnauthenticated(header, header.payload, tooLarge);
    return { httpStatus: answer.httpStatus, body: { ...answer.body, exchange: venueJson(venue) } };
  }

  private async process(route: AlertRoute, input: SignalInput, header: SignalHeader): Promise<SignalAnswer> {
    const replay = input.replayOfId !== undefined;
    // A bot's kill switches are read while the alert is checked: no added wait.
    const botHalted = route.bot ? this.switches.blockerForBot(route.bot.id) : undefined;
    const admission = await this.admit(route, input, header);
    if ('refused' in admission) return admission.refused;
    const { signal, parsed } = admission;
    Object.assign(header, validatedFields(signal, parsed, replay));
    if (!route.bot && !replay && header.externalId === undefined)
      return this.processWithoutId(route, header, signal, parsed);
    // The place in the symbol's queue (each account's, for a bot) is taken on arrival, before the kill
    // switches and the duplicate check await Postgres: alerts run in the order they arrived.
    const places = route.bot
      ? this.fanOut.reserve(route.bot, signal.symbol)
      : new Map([[DEFAULT_ACCOUNT_ID, this.queue.reserve(signal.symbol)]]);
    const releaseAll = () => places.forEach((place) => place.release());
    // Halted: recorded and answered 423, nothing sent. The id stays free for the alert's retry after resuming.
    const stop = await (botHalted ?? this.haltedFor(DEFAULT_BOT_ID));
    if (stop) {
      releaseAll();
      return this.settler.refuse({ ...header, externalId: undefined }, stop);
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
      if (claim.kind === 'duplicate') return this.settler.duplicate(header, signal, claim.originalId);
      if (claim.kind === 'id-reused') {
        return this.settler.refuse({ ...header, externalId: undefined }, idReused(externalId!, claim.originalId));
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
        return this.settler.duplicate(header, signal, stored?.signalId ?? 'received by another instance');
      }
      const recorded = header.externalId ? Promise.resolve() : this.journal.start(header).then(() => undefined);
      return this.fanOut.run(route, header, signal, places, recorded);
    }
    const recorded = this.journal.start(header);
    return places.get(DEFAULT_ACCOUNT_ID)!.run(async () => {
      await recorded;
      return this.tradeInTurn(route, header, signal);
    });
  }

  /** A signal of today's routes in its turn, its row written: checked again, then traded. */
  private async tradeInTurn(route: AlertRoute, header: SignalHeader, signal: ValidSignal): Promise<SignalAnswer> {
    // Its turn may come long after it arrived: the switches are asked again now, and before each order.
    const beforeOrder = () => this.haltedFor(DEFAULT_BOT_ID);
    const [haltedNow, [account]] = await Promise.all([beforeOrder(), this.bots.accountsOf([DEFAULT_ACCOUNT_ID])]);
    if (haltedNow) return this.settler.refuse(header, haltedNow);
    // The default account's own limits (sizing multiplier, maximum leverage and position value) hold on today's
    // routes as they do when it trades inside a bot, read as they are now.
    const limited = account ? signalForAccount(signal, account) : undefined;
    if (limited && !limited.ok) return this.settler.refuse(header, limited.refusal);
    // The default routes' trades take their weight from the per-IP budget the bots share (not in paper mode).
    if (header.exchangeMode !== 'paper') {
      const admitted = await this.budget.reserve(EXECUTION_WEIGHT, weightClaim(DEFAULT_BOT_ID, signal));
      if (!admitted.admitted) return this.settler.refuse(header, rateBudgetRefusal(admitted.retryInMs, 'Binance'));
    }
    return inAccount({ accountId: DEFAULT_ACCOUNT_ID, beforeOrder }, () =>
      this.handOver.trade(header, limited?.signal ?? signal, route.stateAware, limited?.caps),
    );
  }

  private sourceAllowed(clientIp: string | undefined): boolean {
    try {
      checkSource(clientIp, this.config.webhookIpAllowlist);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * An alert without an id on today's routes (the usual TradingView alert): its row is written, status
   * PROCESSING, by the statement that reads its kill switches, while it takes its turn (and lock) in the
   * symbol's queue: one round trip before its order instead of two one after the other. In its turn
   * (arrival order), a halt answers 423 and a repeat within the dedup window is a duplicate: their outcome
   * then replaces the PROCESSING row, and nothing is sent.
   */
  private processWithoutId(
    route: AlertRoute,
    header: SignalHeader,
    signal: ValidSignal,
    parsed: Record<string, unknown>,
  ): Promise<SignalAnswer> {
    const place = this.queue.reserve(signal.symbol);
    const lookups = TradingSwitches.lookupsFor(DEFAULT_BOT_ID, DEFAULT_ACCOUNT_ID);
    const halted = this.journal
      .startReading<SwitchRow>(header, switchesSql(lookups))
      .then((rows) => (rows ? this.switches.blockerFromRows(lookups, rows) : this.haltedFor(DEFAULT_BOT_ID)));
    return place.run(async (): Promise<SignalAnswer> => {
      const stop = await halted;
      if (stop) return this.settler.refuse(header, stop);
      const { symbol } = signal;
      // Claimed in its turn, the dedup window counted from its arrival (as when claimed on arrival).
      const request = { route: route.name, signalId: header.id, symbol, body: parsed };
      const claim = await this.duplicates.claim(request, header.receivedAt.getTime());
      if (claim.kind === 'duplicate') return this.settler.duplicate(header, signal, claim.originalId);
      return this.tradeInTurn(route, header, signal);
    });
  }

  /**
   * The source and secret checks, then parse and validate. Strangers learn nothing about the input rules:
   * the secret is checked before the body's fields. A refusal is recorded and answered here.
   */
  private async admit(route: AlertRoute, input: SignalInput, header: SignalHeader): Promise<Admission> {
    const admitted = input.replayOfId !== undefined || input.fromDashboard === true;
    // An unknown bot's alert is answered as the failed secret check, and recorded with its own reason.
    const unauthenticated = async (parsed: Record<string, unknown> | undefined, error: unknown, recorded = error) => ({
      refused: await this.settler.refuseUnauthenticated(
        header,
        unauthenticatedRecord(input.body, parsed, this.redactor),
        recorded,
        error,
      ),
    });
    try {
      if (!admitted) checkSource(input.clientIp, this.config.webhookIpAllowlist);
    } catch (error) {
      return unauthenticated(undefined, error);
    }
    let tradable: string[] = [];
    try {
      let parsed: Record<string, unknown> | undefined;
      let parseError: unknown;
      try {
        parsed = parseBody(input.body);
      } catch (error) {
        parseError = error;
      }
      if (parsed) header.payload = this.redactor.redact(parsed);
      if (!admitted) {
        try {
          // A body that is not JSON may still carry the secret: then it is answered as invalid JSON.
          checkSecret(requestSecret(input.body, parsed, input.token), route.secret, route.name.startsWith('bot:'));
        } catch (error) {
          return unauthenticated(parsed, error, route.unknownBot ?? error);
        }
        header.authenticated = true;
      }
      if (!parsed) throw parseError;
      assertShallow(input.body);
      // A bot's defaults fill the fields the alert left out; the record keeps the alert as sent.
      const payload = route.bot ? withBotDefaults(parsed, route.bot.defaults) : parsed;
      // Redacted before it is cut: a cut secret would no longer be recognised.
      if (typeof payload.symbol === 'string') header.rawSymbol = this.redactor.redactThenCut(payload.symbol, 64);
      tradable = await this.tradableSymbols();
      const signal = validateSignal(payload, tradable, {
        receivedAtMs: header.receivedAt.getTime(),
        maxSignalAgeS: this.config.maxSignalAgeS,
      });
      return { signal, parsed };
    } catch (error) {
      // Keep what can be known of a refused signal, so history filters find it.
      if (header.rawSymbol) {
        const symbol = normaliseSymbol(header.rawSymbol, tradable);
        if (symbol.ok) header.symbol = symbol.symbol;
      }
      return { refused: this.settler.refuse(header, error) };
    }
  }

  /** The kill switch that stops this bot's alerts on today's routes (global, the bot's, the default account's). */
  private async haltedFor(botId: string): Promise<SignalRejection | undefined> {
    const [bot, account] = await Promise.all([
      this.switches.blockerForBot(botId),
      this.switches.blockerForAccount(DEFAULT_ACCOUNT_ID),
    ]);
    return bot ?? account;
  }

  private async tradableSymbols(): Promise<string[]> {
    return (await this.exchange.allSymbolRules()).filter(isTradablePerpetual).map((r) => r.symbol);
  }
}
