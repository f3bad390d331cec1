/**
 * The default account's live state (live-account-state.ts), fed by
 * ACCOUNT_STREAM's events and told the default account's answers; it follows
 * the adapter when the credentials endpoint replaces it. With
 * BINANCE_STREAMS=off or ACCOUNT_STATE=rest it holds nothing and always
 * answers stale. Paper mode uses it the same way (the paper engine's stream
 * feeds it).
 */
import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.module';
import { InstancePresence } from '../../database/instance-presence';
import { DEFAULT_ACCOUNT } from '../../exchange/account-context';
import type { UsdtBalance } from '../../exchange/exchange.port';
import { SwitchableExchange } from '../../exchange/switchable.exchange';
import { ACCOUNT_STREAM, type AccountStream } from '../../exchange/streams/account-stream.port';
import type { SymbolState } from '../positions.service';
import type { ReadingAnswer } from './account-state';
import { LiveAccountState, LiveStateHealth, ReadTicket } from './live-account-state';

export type { LiveStateHealth, ReadTicket } from './live-account-state';

@Injectable()
export class LiveAccountStateService implements OnModuleInit, OnApplicationShutdown {
  private readonly enabled: boolean;
  private readonly live: LiveAccountState;
  private stopAnswers?: () => void;

  constructor(
    @Inject(ACCOUNT_STREAM) stream: AccountStream,
    private readonly exchange: SwitchableExchange,
    @Inject(APP_CONFIG) config: AppConfig,
    presence: InstancePresence,
  ) {
    this.enabled = config.streams.enabled && config.streams.stateFromStreams;
    this.live = new LiveAccountState({
      stream,
      adapter: () => exchange.current,
      presence,
      limits: { silenceLimitMs: config.streams.silenceLimitMs, markPriceMaxAgeMs: config.streams.markPriceMaxAgeMs },
    });
  }

  onModuleInit(): void {
    if (!this.enabled) return;
    this.live.start();
    this.stopAnswers = this.exchange.onAnswer((answer, accountId) => {
      if (accountId === DEFAULT_ACCOUNT) this.live.onAnswer(answer);
    });
  }

  onApplicationShutdown(): void {
    this.live.stop();
    this.stopAnswers?.();
  }

  /** What a trade on `symbol` needs, when it can be trusted (see AccountState.read); why not otherwise. */
  read(symbol: string, forClose = false): ReadingAnswer {
    if (!this.enabled) return { fresh: false, reason: 'streams-off' };
    return this.live.read(symbol, forClose);
  }

  /** Taken just before a REST read whose answers go to `applyReads`. */
  ticket(): ReadTicket {
    return this.live.ticket();
  }

  /** A flow's own REST reads of one symbol (and the balance), as they were answered. */
  applyReads(ticket: ReadTicket, reads: { balance?: UsdtBalance; state?: SymbolState }): void {
    if (this.enabled) this.live.applyReads(ticket, reads);
  }

  health(): LiveStateHealth {
    if (!this.enabled) return { enabled: false, fresh: false, staleReason: 'streams-off', resyncs: 0 };
    return this.live.health();
  }
}
