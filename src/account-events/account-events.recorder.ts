/**
 * Records the account's events as the stream delivers them: fills (ours, made
 * outside tvbridge, liquidations, auto-deleveraging), conditional-order
 * triggers and margin calls, batched (a few ms) into one insert. It asks for
 * a back-fill at boot, after every reconnect (from the gap's start), after a
 * funding fee, after a failed insert (the database was down) and every
 * ACCOUNT_EVENTS_BACKFILL_MS. Conditional orders tell which order their
 * trigger placed, so that order's fills are tied to the protective order's
 * signal even when its client order id is Binance's own.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import type { AccountStreamEvent } from '../exchange/streams/account-stream-events';
import { ACCOUNT_STREAM, AccountStream } from '../exchange/streams/account-stream.port';
import { SwitchableExchange } from '../exchange/switchable.exchange';
import { eventFromAlgoUpdate, eventFromOrderUpdate, eventsFromMarginCall, NewAccountEvent } from './account-event';
import { AccountBackfillService } from './account-backfill.service';
import { AccountEventsFeed } from './account-events.feed';
import { AccountEventsRepository } from './account-events.repository';

const BATCH_DELAY_MS = 5;
/** How often our filled orders are checked for fills the stream did not deliver (a dropped event). */
const MISSING_FILL_CHECK_MS = 5_000;
/** An order answered this long ago should have its fill recorded. */
const MISSING_FILL_AFTER_MS = 3_000;
/** How far back orders are checked; a back-fill covers the rest at boot and periodically. */
const MISSING_FILL_WINDOW_MS = 15 * 60_000;
/** A gap's start is moved back by this much: Binance's clock and ours differ a little. */
const GAP_MARGIN_MS = 5_000;
/** Order ids placed by triggered conditional orders, remembered for their fills. */
const TRIGGERED_ORDERS_KEPT = 10_000;

@Injectable()
export class AccountEventsRecorder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AccountEvents');
  private subscription?: Subscription;
  private queue: NewAccountEvent[] = [];
  private flushTimer?: NodeJS.Timeout;
  private periodic?: NodeJS.Timeout;
  private missingFillCheck?: NodeJS.Timeout;
  /** Missing fills of orders answered up to here were already asked for. */
  private missingFillsAskedUpTo = 0;
  private flushing: Promise<void> = Promise.resolve();
  private readonly triggeredOrders = new Map<string, string>();
  private stopped = false;

  constructor(
    @Inject(ACCOUNT_STREAM) private readonly stream: AccountStream,
    private readonly exchange: SwitchableExchange,
    private readonly repository: AccountEventsRepository,
    private readonly feed: AccountEventsFeed,
    private readonly backfill: AccountBackfillService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.stream.events$.subscribe((event) => this.handle(event));
    void this.backfill.atBoot().catch((error: Error) => this.logger.warn(`back-fill at boot: ${error.message}`));
    this.missingFillCheck = setInterval(() => void this.checkMissingFills(), MISSING_FILL_CHECK_MS);
    this.missingFillCheck.unref();
    const every = this.config.streams.backfillEveryMs;
    if (every > 0) {
      this.periodic = setInterval(() => void this.backfill.request().catch(() => undefined), every);
      this.periodic.unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.subscription?.unsubscribe();
    clearInterval(this.periodic);
    clearInterval(this.missingFillCheck);
    clearTimeout(this.flushTimer);
    await this.flush();
  }

  /** Resolves once every event received so far is written (or handed to a back-fill). */
  async settled(): Promise<void> {
    clearTimeout(this.flushTimer);
    await this.flush();
  }

  private handle(event: AccountStreamEvent): void {
    switch (event.type) {
      case 'order': {
        const fill = eventFromOrderUpdate(event);
        if (fill) this.enqueue([{ ...fill, clientAlgoId: this.triggeredOrders.get(event.orderId) }]);
        return;
      }
      case 'algo': {
        if (event.actualOrderId) this.remember(event.actualOrderId, event.clientAlgoId);
        const trigger = eventFromAlgoUpdate(event);
        if (trigger) this.enqueue([trigger]);
        return;
      }
      case 'marginCall':
        return this.enqueue(eventsFromMarginCall(event));
      case 'account':
        if (event.reason === 'FUNDING_FEE') this.requestBackfill(new Date(event.transactionTime - 60_000));
        return;
      case 'connection':
        if (event.connected && event.gapSince !== undefined)
          this.requestBackfill(new Date(event.gapSince - GAP_MARGIN_MS));
        return;
      default:
        return;
    }
  }

  private enqueue(events: NewAccountEvent[]): void {
    if (this.stopped || !events.length) return;
    this.queue.push(...events);
    this.flushTimer ??= setTimeout(() => void this.flush(), BATCH_DELAY_MS);
  }

  private flush(): Promise<void> {
    this.flushTimer = undefined;
    this.flushing = this.flushing.then(async () => {
      const batch = this.queue;
      this.queue = [];
      if (!batch.length) return;
      try {
        this.feed.publish(await this.repository.append(this.exchange.accountId, batch));
      } catch (error) {
        // Fills come back from Binance's history; triggers and margin calls are retried with it.
        this.logger.warn(`account events not recorded (${(error as Error).message}); back-filling later`);
        const since = new Date(Math.min(...batch.map((e) => +e.occurredAt)) - GAP_MARGIN_MS);
        setTimeout(() => this.retry(batch, since), 5_000).unref();
      }
    });
    return this.flushing;
  }

  private retry(batch: NewAccountEvent[], since: Date): void {
    if (this.stopped) return;
    this.enqueue(batch.filter((e) => e.kind === 'CONDITIONAL_TRIGGER' || e.kind === 'MARGIN_CALL'));
    this.requestBackfill(since);
  }

  /**
   * Our own orders say they filled: a fill the stream never delivered (an
   * event dropped on the way) is read back from the trade history.
   */
  async checkMissingFills(now = Date.now()): Promise<void> {
    if (this.stopped) return;
    const until = now - MISSING_FILL_AFTER_MS;
    const from = Math.max(now - MISSING_FILL_WINDOW_MS, this.missingFillsAskedUpTo);
    if (until <= from) return;
    try {
      await this.settled();
      const earliest = await this.repository.earliestUnrecordedFill(
        this.exchange.accountId,
        new Date(from),
        new Date(until),
      );
      this.missingFillsAskedUpTo = until;
      if (earliest) this.requestBackfill(new Date(+earliest - GAP_MARGIN_MS));
    } catch {
      // The database is unreachable: the next check asks again.
    }
  }

  private requestBackfill(since: Date): void {
    void this.backfill.request(since).catch((error: Error) => this.logger.warn(`back-fill: ${error.message}`));
  }

  private remember(orderId: string, clientAlgoId: string): void {
    this.triggeredOrders.set(orderId, clientAlgoId);
    if (this.triggeredOrders.size > TRIGGERED_ORDERS_KEPT) {
      this.triggeredOrders.delete(this.triggeredOrders.keys().next().value!);
    }
  }
}
