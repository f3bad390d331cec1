/**
 * Crash recovery. A signal left "processing" (the service was killed between
 * sending an order and recording it) is settled from the exchange: its client
 * order ids are derived from its id, so each possible order is looked up;
 * found orders are recorded and the signal becomes executed, otherwise failed.
 * An entry found filled whose alert asked for protection gets it: found on the
 * exchange, placed now, or PROTECTION_FAILURE acts (protection/interrupted-protection.ts).
 * Each signal is settled as the account that traded it (a bot alert's
 * execution: that account's keys), inside that account's queue for protection.
 * Runs at startup and every 30 s after (for crashes of other instances).
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { RepeatingJob } from '../common/repeating-job';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import { AccountScopes } from '../exchange/account-scopes';
import { EXCHANGE, ExchangePort, OrderResult } from '../exchange/exchange.port';
import { SignalHistoryRepository } from '../journal/signal-history.repository';
import { SignalJournal } from '../journal/signal-journal';
import type { OrderAttempt, OrderPurpose } from './orders/order-attempt';
import { clientOrderId } from './client-order-id';
import { InterruptedProtection, RecoveredProtection } from './protection/interrupted-protection';
import { ProtectionFailedError } from './protection/protection-failed.error';
import { asksForProtection, protectionFromJson } from './protection/protection-request';

const PURPOSES: OrderPurpose[] = [
  'OPEN',
  'REVERSAL',
  'CLOSE_OPPOSITE',
  'CLOSE_LONG',
  'CLOSE_SHORT',
  'REDUCE_LONG',
  'REDUCE_SHORT',
];
const EVERY_MS = 30_000;

@Injectable()
export class InterruptedSignalsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Recovery');
  private readonly job = new RepeatingJob(() => this.settleAll());

  constructor(
    @Inject(EXCHANGE) private readonly exchange: ExchangePort,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly history: SignalHistoryRepository,
    private readonly journal: SignalJournal,
    private readonly protection: InterruptedProtection,
    private readonly scopes: AccountScopes,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.settleInterrupted().catch((error: Error) =>
      this.logger.error(`could not settle interrupted signals: ${error.message}`),
    );
    this.job.start(EVERY_MS);
  }

  /**
   * The orders of one purpose: a purpose can take several orders (a close split
   * at the market lot maximum, an open sent again after a batch), numbered by
   * part; parts are looked up five at a time while any is found.
   */
  private async ordersOf(symbol: string, signalId: string, purpose: OrderPurpose): Promise<FoundOrder[]> {
    const all: FoundOrder[] = [];
    for (let first = 1; ; first += PARTS_PER_LOOKUP) {
      const parts = Array.from({ length: PARTS_PER_LOOKUP }, (_, i) => first + i);
      const lookups = parts.map((part) => this.exchange.findOrder(symbol, clientOrderId(signalId, purpose, part)));
      const found = (await Promise.all(lookups)).filter((o): o is OrderResult => !!o);
      all.push(...found.map((order) => ({ purpose, order })));
      if (found.length === 0) return all;
    }
  }

  /**
   * An entry that filled and asked for protection: its protection is found on the exchange, placed now,
   * or PROTECTION_FAILURE acts (InterruptedProtection). Undefined when the signal asked for none.
   */
  private async protectionOf(
    signalId: string,
    stored: unknown,
    found: FoundOrder[],
  ): Promise<RecoveredProtection | undefined> {
    const request = protectionFromJson(stored);
    const entry = found.find(
      (f) => (f.purpose === 'OPEN' || f.purpose === 'REVERSAL') && f.order.executedQty.gt(0),
    )?.order;
    if (!asksForProtection(request) || !entry) return undefined;
    return this.protection.settle(signalId, request, entry);
  }

  onApplicationShutdown(): void {
    // The timer stops at once; a pass in flight is not waited for (each signal it settles is written whole).
    void this.job.stop();
  }

  /** Settles every interrupted signal (one pass at a time); returns how many. */
  settleInterrupted(): Promise<number> {
    return this.job.run();
  }

  private async settleAll(): Promise<number> {
    const signals = await this.history.interrupted(new Date(Date.now() - this.config.recoveryAfterMs));
    for (const signal of signals) {
      if (!signal.accountId) {
        await this.settleAlert(signal);
        continue;
      }
      // Looked up as the account that traded it (a bot alert's execution: that account's keys and queue).
      await this.scopes
        .run(signal.accountId, () => this.settle(signal))
        .catch((error: Error) =>
          // Left processing: the next round (30 s) tries again.
          this.logger.error(`signal ${signal.id}: could not be settled yet (${error.message}); trying again later`),
        );
    }
    return signals.length;
  }

  /**
   * An alert to a bot's URL traded no account itself (its accounts' executions are rows of their own,
   * settled each on its account): it is failed, and nothing is looked up for it.
   */
  private async settleAlert(signal: InterruptedSignal): Promise<void> {
    const header = { id: signal.id, route: signal.route, payload: signal.payload, receivedAt: signal.receivedAt };
    const note =
      "Interrupted while its accounts traded: each account's execution is settled on its own account; " +
      'a replay of the alert trades only the accounts that did not go through';
    await this.journal.finish(header, {
      status: 'FAILED',
      httpStatus: signal.httpStatus ?? 503,
      errorCode: 'INTERRUPTED',
      note,
      answeredAt: new Date(),
    });
    this.logger.warn(`signal ${signal.id}: ${note}`);
  }

  private async settle(signal: InterruptedSignal): Promise<void> {
    const header = { id: signal.id, route: signal.route, payload: signal.payload, receivedAt: signal.receivedAt };
    if (!signal.symbol) {
      // No symbol: interrupted before validation (a claimed replay), so no order can exist.
      const note = 'Interrupted before validation: no order could have been sent; settled as failed';
      const httpStatus = signal.httpStatus ?? 503;
      const outcome = { httpStatus, errorCode: 'INTERRUPTED', note, answeredAt: new Date() };
      await this.journal.finish(header, { status: 'FAILED', ...outcome });
      this.logger.warn(`signal ${signal.id}: ${note}`);
      return;
    }
    const lookups = PURPOSES.map((purpose) => this.ordersOf(signal.symbol!, signal.id, purpose));
    const found = (await Promise.all(lookups)).flat();
    const orders: OrderAttempt[] = found.map(({ purpose, order }) => attemptFrom(purpose, order));
    const note = orders.length
      ? `Settled after an interruption: ${orders.length} order(s) found on the exchange by client order id`
      : 'Interrupted before any order reached the exchange (none found by client order id); settled as failed';
    let protection: RecoveredProtection | undefined;
    try {
      protection = await this.protectionOf(signal.id, signal.protectionRequest, found);
    } catch (error) {
      // Left processing: the next round (30 s) tries again; the position may be unprotected meanwhile.
      this.logger.error(
        `signal ${signal.id} (${signal.symbol}): its entry filled, but its protection could not be ` +
          `checked or placed yet (${(error as Error).message}); trying again in ${EVERY_MS / 1000} s`,
      );
      return;
    }
    const failure = protection?.failure;
    const failed = failure && new ProtectionFailedError(failure);
    await this.journal.finish(header, {
      status: failure ? 'FAILED' : orders.length ? 'EXECUTED' : 'FAILED',
      httpStatus: signal.httpStatus ?? failed?.httpStatus ?? (orders.length ? 200 : 503),
      errorCode: failure ? 'PROTECTION_FAILED' : orders.length ? undefined : 'INTERRUPTED',
      errorMessage: failure?.message,
      suggestions: failed?.suggestions,
      note: [note, protection && `the entry's protection: ${protection.note}`].filter(Boolean).join('; '),
      orders: failure?.closeAttempt ? [...orders, failure.closeAttempt] : orders,
      protectiveOrders: protection?.records,
      cancelledOrders: protection?.replaced.length ? protection.replaced : undefined,
      answeredAt: new Date(),
    });
    const log = failure ? 'error' : 'warn';
    this.logger[log](`signal ${signal.id} (${signal.symbol}): ${note}${protection ? `; ${protection.note}` : ''}`);
  }
}

const PARTS_PER_LOOKUP = 5;

type InterruptedSignal = Awaited<ReturnType<SignalHistoryRepository['interrupted']>>[number];

interface FoundOrder {
  purpose: OrderPurpose;
  order: OrderResult;
}

function attemptFrom(purpose: OrderPurpose, order: OrderResult): OrderAttempt {
  const at = new Date(order.updateTime || Date.now());
  return {
    purpose,
    request: {
      symbol: order.symbol,
      side: order.side,
      positionSide: order.positionSide,
      type: order.type === 'LIMIT' ? 'LIMIT' : 'MARKET',
      quantity: order.origQty,
      reduceOnly: order.reduceOnly,
      clientOrderId: order.clientOrderId,
    },
    result: order,
    sentAt: at,
    answeredAt: at,
  };
}
