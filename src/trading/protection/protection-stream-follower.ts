/**
 * Makes the protection follow-ups react to fills as they happen: when the
 * account stream reports one of our protective orders triggered, filled,
 * refused or expired (ALGO_UPDATE), that symbol is checked at once (its
 * fate recorded, a break-even stop moved, the ladder re-fitted, what is left
 * cancelled once flat) instead of at the next poll. After a reconnect, events
 * may have been missed: every symbol with open protection is checked (every
 * account's: the other accounts have no stream and are polled). Polling
 * (PROTECTION_POLL_MS) stays as the safety net, and is all there is with the
 * streams off.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { DEFAULT_ACCOUNT } from '../../exchange/account-context';
import { AccountScopes } from '../../exchange/account-scopes';
import type { AccountStreamEvent } from '../../exchange/streams/account-stream-events';
import { ACCOUNT_STREAM, type AccountStream } from '../../exchange/streams/account-stream.port';
import { SymbolQueue } from '../symbol-queue';
import { isOurs } from './close-all-conflict';
import { ProtectionMonitor } from './protection-monitor';

const EXCHANGE_FATES = ['TRIGGERING', 'TRIGGERED', 'FINISHED', 'REJECTED', 'EXPIRED'];

@Injectable()
export class ProtectionStreamFollower implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ProtectionMonitor');
  private subscription?: Subscription;
  /** Symbols with a check waiting in their queue: a burst of events for one symbol makes one check. */
  private readonly waiting = new Set<string>();
  private readonly running = new Set<Promise<void>>();

  constructor(
    @Inject(ACCOUNT_STREAM) private readonly stream: AccountStream,
    private readonly monitor: ProtectionMonitor,
    private readonly queue: SymbolQueue,
    private readonly scopes: AccountScopes,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.stream.events$.subscribe((event) => this.on(event));
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscription?.unsubscribe();
    await Promise.all(this.running);
  }

  private on(event: AccountStreamEvent): void {
    // Fates the exchange decided (a trigger, a fill, a refusal, an expiry); our own placements and
    // cancels are already recorded, and a refused break-even move waits for the next poll to try again.
    if (event.type === 'algo' && isOurs(event) && EXCHANGE_FATES.includes(event.status)) this.checkSoon(event.symbol);
    else if (event.type === 'connection' && event.connected && event.gapSince !== undefined) {
      this.track(this.monitor.pollAll());
    }
  }

  private checkSoon(symbol: string): void {
    if (this.waiting.has(symbol)) return;
    this.waiting.add(symbol);
    this.track(
      this.queue
        .run(symbol, () => {
          this.waiting.delete(symbol);
          // The stream is the default account's: its symbols are checked as that account.
          return this.scopes.run(DEFAULT_ACCOUNT, () => this.monitor.check(symbol));
        })
        .catch((error: Error) => {
          this.waiting.delete(symbol);
          this.logger.warn(`protection check of ${symbol} after a stream event failed: ${error.message}`);
        }),
    );
  }

  private track(work: Promise<void>): void {
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }
}
