/**
 * The live state of every live or testnet account of the bots (the default
 * account's is LiveAccountStateService): each account has its own listenKey
 * and user-data connection (Binance: one listenKey per account), kept alive,
 * renewed and reconnected by its BinanceAccountStream, its own state
 * resynchronised from REST after every (re)connect, paced by the per-IP
 * request weight, and the answers to its own orders. Mark prices come from
 * the connection every account on the host shares (mark-price-hub.ts). The
 * accounts module starts an account's state with its adapter and stops it
 * when the account is disabled, removed or re-keyed. Paper accounts keep
 * reading their simulated account in-process (no state here).
 */
import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.module';
import { InstancePresence } from '../../database/instance-presence';
import type { ManagedExchange } from '../../exchange/exchange.factory';
import { SwitchableExchange } from '../../exchange/switchable.exchange';
import { createAccountStream } from '../../exchange/streams/account-stream.factory';
import type { AccountStreamSource } from '../../exchange/streams/account-stream.port';
import { MarkPriceHub } from '../../exchange/streams/mark-price-hub';
import { LiveAccountState } from './live-account-state';

interface Entry {
  adapter: ManagedExchange;
  stream: AccountStreamSource;
  live: LiveAccountState;
}

export interface AccountStatesHealth {
  /** Accounts (other than the default one) with a live state. */
  accounts: number;
  connected: number;
  fresh: number;
}

@Injectable()
export class AccountLiveStates implements OnModuleInit, OnApplicationShutdown {
  private readonly enabled: boolean;
  private readonly entries = new Map<string, Entry>();
  private stopAnswers?: () => void;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly presence: InstancePresence,
    private readonly exchange: SwitchableExchange,
    private readonly markPrices: MarkPriceHub,
  ) {
    this.enabled = config.streams.enabled && config.streams.stateFromStreams;
  }

  onModuleInit(): void {
    if (!this.enabled) return;
    this.stopAnswers = this.exchange.onAnswer((answer, accountId) =>
      this.entries.get(accountId)?.live.onAnswer(answer),
    );
  }

  onApplicationShutdown(): Promise<void> {
    this.stopAnswers?.();
    return Promise.all([...this.entries.keys()].map((id) => this.stop(id))).then(() => undefined);
  }

  /**
   * Starts the account's stream and state on its (started) adapter, replacing any it had; `pace` waits until
   * a snapshot's weight fits the per-IP budget. Paper adapters and BINANCE_STREAMS=off / ACCOUNT_STATE=rest:
   * nothing.
   */
  start(accountId: string, adapter: ManagedExchange, pace: (weight: number) => Promise<void>): void {
    if (!this.enabled || adapter.kind !== 'binance') return;
    if (this.entries.get(accountId)?.adapter === adapter) return;
    void this.stop(accountId);
    const stream = createAccountStream(this.config, adapter, this.markPrices);
    const live = new LiveAccountState({
      stream,
      adapter: () => adapter,
      presence: this.presence,
      limits: {
        silenceLimitMs: this.config.streams.silenceLimitMs,
        markPriceMaxAgeMs: this.config.streams.markPriceMaxAgeMs,
      },
      pace,
      label: accountId,
    });
    this.entries.set(accountId, { adapter, stream, live });
    live.start();
    // Failures are the stream's to retry with backoff; meanwhile the account reads over REST.
    void stream.start().catch(() => undefined);
  }

  /** Stops the account's stream (its listenKey closed) and forgets its state. */
  async stop(accountId: string): Promise<void> {
    const entry = this.entries.get(accountId);
    if (!entry) return;
    this.entries.delete(accountId);
    entry.live.stop();
    await entry.stream.stop().catch(() => undefined);
  }

  /** The account's live state, when it has one. */
  get(accountId: string): LiveAccountState | undefined {
    return this.entries.get(accountId)?.live;
  }

  health(): AccountStatesHealth {
    const entries = [...this.entries.values()];
    return {
      accounts: entries.length,
      connected: entries.filter((e) => e.stream.health().connected).length,
      fresh: entries.filter((e) => e.live.health().fresh).length,
    };
  }
}
