/**
 * The ACCOUNT_STREAM the rest of the service subscribes to: it runs the stream
 * of the exchange adapter in use (Binance's, paper's, or none) and follows the
 * adapter when the credentials endpoint replaces it, so subscribers keep one
 * subscription for the life of the service. A switch is reported as a
 * disconnect and a connect with a gap.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Subject, Subscription } from 'rxjs';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.module';
import type { ManagedExchange } from '../exchange.factory';
import { SwitchableExchange } from '../switchable.exchange';
import type { AccountStreamEvent } from './account-stream-events';
import type { AccountStream, AccountStreamSource, StreamHealth } from './account-stream.port';
import { createAccountStream } from './account-stream.factory';
import { MarkPriceHub } from './mark-price-hub';

@Injectable()
export class AccountStreamService implements AccountStream, OnApplicationBootstrap, OnApplicationShutdown {
  readonly events$ = new Subject<AccountStreamEvent>();
  private readonly logger = new Logger('AccountStream');
  private source: AccountStreamSource;
  private subscription?: Subscription;
  private readonly watched = new Set<string>();
  private started = false;
  private readonly stopSwitching: () => void;

  constructor(
    exchange: SwitchableExchange,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly markPrices: MarkPriceHub,
  ) {
    this.source = createAccountStream(config, exchange.current, markPrices);
    this.stopSwitching = exchange.onSwitch((next) => void this.follow(next));
  }

  health(): StreamHealth {
    return this.source.health();
  }

  watchMarkPrices(symbols: string[]): void {
    for (const s of symbols) this.watched.add(s.toUpperCase());
    this.source.watchMarkPrices(symbols);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.started = true;
    await this.run(this.source);
    const health = this.source.health();
    if (!health.enabled) this.logger.log('account streams off (BINANCE_STREAMS=off): the account is read over REST');
  }

  async onApplicationShutdown(): Promise<void> {
    this.started = false;
    this.stopSwitching();
    this.subscription?.unsubscribe();
    await this.source.stop();
    this.events$.complete();
  }

  private async follow(adapter: ManagedExchange): Promise<void> {
    const previous = this.source;
    this.subscription?.unsubscribe();
    this.source = createAccountStream(this.config, adapter, this.markPrices);
    const at = Date.now();
    this.events$.next({ type: 'connection', connected: false, at, reason: 'exchange switched' });
    await previous.stop().catch(() => undefined);
    if (this.started) await this.run(this.source, at);
  }

  private async run(source: AccountStreamSource, gapSince?: number): Promise<void> {
    this.subscription = source.events$.subscribe((event) => {
      // The first connect after a switch still has the switch's gap.
      if (event.type === 'connection' && event.connected && gapSince !== undefined) {
        this.events$.next({ ...event, gapSince: event.gapSince ?? gapSince });
        gapSince = undefined;
        return;
      }
      this.events$.next(event);
    });
    if (this.watched.size) source.watchMarkPrices([...this.watched]);
    await source.start().catch((error: Error) => this.logger.warn(`account stream not started: ${error.message}`));
  }
}
