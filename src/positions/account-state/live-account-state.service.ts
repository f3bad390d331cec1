/**
 * The default account's state, live: one AccountState fed by ACCOUNT_STREAM's
 * events, resynchronised from a complete REST snapshot after every (re)connect
 * (in that connection's generation, so a read sent before a loss never vouches
 * for the state after it), told our own answers at once (exchange-answers.ts),
 * and watching the mark prices of the symbols traded. `read` answers a fresh
 * reading or why not; the flows then read over REST (account-reader.service.ts)
 * and hand their answers back with `applyReads`. With BINANCE_STREAMS=off or
 * ACCOUNT_STATE=rest it holds nothing and always answers stale. Paper mode
 * uses it the same way (the paper engine's stream feeds it).
 */
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.module';
import { InstancePresence } from '../../database/instance-presence';
import type { ExchangeAnswer } from '../../exchange/exchange-answers';
import type { UsdtBalance } from '../../exchange/exchange.port';
import { SwitchableExchange } from '../../exchange/switchable.exchange';
import type { AccountStreamEvent } from '../../exchange/streams/account-stream-events';
import { ACCOUNT_STREAM, type AccountStream } from '../../exchange/streams/account-stream.port';
import { reconnectDelayMs } from '../../exchange/streams/reconnect-backoff';
import type { SymbolState } from '../positions.service';
import { AccountState, AccountStateOptions, ReadingAnswer } from './account-state';
import { completeSnapshot, symbolFigures } from './snapshot-from-reads';
import { stateEventFrom } from './stream-event-to-state';
import type { StaleReason } from './stream-health';

/** How long an own fill may wait for the stream's confirmation before the state is not trusted. */
const CONFIRM_WITHIN_MS = 3000;
/** Our clock's offset to the exchange's is known to within half a round trip: times err by this much. */
const CLOCK_MARGIN_MS = 500;
/** A lost answer without a known deadline (no recvWindow): its order is taken as executable this long. */
const UNKNOWN_OUTCOME_MS = 10_000;

/** When a REST read was sent: the generation it can vouch for, on our clock. */
export interface ReadTicket {
  generation: number;
  sentAt: number;
}

export interface LiveStateHealth {
  /** Whether signals may trade on the streamed state at all (BINANCE_STREAMS on, ACCOUNT_STATE=streams). */
  enabled: boolean;
  /** True when the account-wide state is fresh (a symbol may still need its first read or a mark price). */
  fresh: boolean;
  staleReason?: StaleReason;
  resyncs: number;
}

@Injectable()
export class LiveAccountStateService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('AccountState');
  private readonly enabled: boolean;
  private readonly options: AccountStateOptions;
  private state: AccountState;
  private subscription?: Subscription;
  private stopAnswers?: () => void;
  private stopped = false;
  private resyncing?: { generation: number; done: Promise<void> };
  private resyncs = 0;
  /** A change whose answer was lost may still execute until then (local clock): nothing is trusted. */
  private doubtUntil?: number;
  private doubtTimer?: NodeJS.Timeout;
  private readonly watched = new Set<string>();

  constructor(
    @Inject(ACCOUNT_STREAM) private readonly stream: AccountStream,
    private readonly exchange: SwitchableExchange,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly presence: InstancePresence,
  ) {
    this.enabled = config.streams.enabled && config.streams.stateFromStreams;
    this.options = {
      silenceLimitMs: config.streams.silenceLimitMs,
      confirmWithinMs: CONFIRM_WITHIN_MS,
      markPriceMaxAgeMs: config.streams.markPriceMaxAgeMs,
    };
    this.state = new AccountState(this.options);
  }

  onModuleInit(): void {
    if (!this.enabled) return;
    this.subscription = this.stream.events$.subscribe((event) => this.onEvent(event));
    this.stopAnswers = this.exchange.onAnswer((answer) => this.onAnswer(answer));
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.doubtTimer);
    this.subscription?.unsubscribe();
    this.stopAnswers?.();
  }

  /** What a trade on `symbol` needs, when it can be trusted (see AccountState.read); why not otherwise. */
  read(symbol: string, forClose = false): ReadingAnswer {
    if (!this.enabled) return { fresh: false, reason: 'streams-off' };
    this.watch(symbol);
    if (this.doubtUntil !== undefined) return { fresh: false, reason: 'position-uncertain' };
    if (!this.presence.alone) return { fresh: false, reason: 'other-instances' };
    return this.state.read(symbol, forClose);
  }

  /** Taken just before a REST read whose answers go to `applyReads`. */
  ticket(): ReadTicket {
    return { generation: this.state.generation, sentAt: this.now() };
  }

  /** A flow's own REST reads of one symbol (and the balance), as they were answered. */
  applyReads(ticket: ReadTicket, reads: { balance?: UsdtBalance; state?: SymbolState }): void {
    if (!this.enabled) return;
    const { balance, state } = reads;
    const symbol = state?.positions.symbol;
    this.state.applySnapshot(
      {
        asOf: this.exchangeTime(ticket.sentAt) - CLOCK_MARGIN_MS,
        generation: ticket.generation,
        answeredAt: this.now(),
        balance: balance && { wallet: balance.wallet, crossWallet: balance.wallet },
        mode: state?.mode,
        symbols: state ? [symbolFigures(state.positions, state.mode)] : undefined,
        openOrders: symbol && state?.openOrders ? [{ symbol, orders: state.openOrders }] : undefined,
        conditionalOrders:
          symbol && state?.conditionalOrders ? [{ symbol, orders: state.conditionalOrders }] : undefined,
        markPrices: state?.positions.positions.map((p) => ({ symbol: p.symbol, markPrice: p.markPrice })),
      },
      this.exchangeTime(this.now()) + CLOCK_MARGIN_MS,
    );
  }

  health(): LiveStateHealth {
    if (!this.enabled) return { enabled: false, fresh: false, staleReason: 'streams-off', resyncs: this.resyncs };
    const staleReason =
      this.doubtUntil !== undefined
        ? 'position-uncertain'
        : !this.presence.alone
          ? 'other-instances'
          : this.state.staleReason;
    return { enabled: true, fresh: staleReason === undefined, staleReason, resyncs: this.resyncs };
  }

  private onEvent(event: AccountStreamEvent): void {
    if (event.type === 'connection') {
      if (!event.connected) {
        const expired = event.reason === 'listenKeyExpired';
        this.state.streamDisconnected(expired ? 'listen-key-expired' : 'stream-down');
        // Another account's state is none of this one's: start afresh on the new adapter.
        if (event.reason === 'exchange switched') this.state = new AccountState(this.options);
        return;
      }
      this.state.streamConnected();
      void this.resync();
      return;
    }
    if (event.type === 'listenKeyExpired') return this.state.streamDisconnected('listen-key-expired');
    if (event.type === 'marginCall') return this.state.heard();
    const applied = stateEventFrom(event);
    if (applied) this.state.apply(applied);
    else this.state.heard();
  }

  private onAnswer(answer: ExchangeAnswer): void {
    switch (answer.kind) {
      case 'order':
        return this.state.applyOwnOrder(answer.result, answer.sentAt);
      case 'settings':
        return this.state.applyOwnSettings(answer.symbol, answer, this.exchangeTime(answer.answeredAt));
      case 'conditional':
        return this.state.applyOwnConditional(answer.order, this.exchangeTime(answer.answeredAt));
      case 'cancel':
        return this.state.applyOwnCancel(
          answer.what,
          answer.symbol,
          {
            asOf: this.exchangeTime(answer.sentAt) - CLOCK_MARGIN_MS,
            receivedBy: this.exchangeTime(answer.answeredAt) + CLOCK_MARGIN_MS,
          },
          answer.algoId,
        );
      case 'position-mode':
        // A mode we set is read back with the next resync; a refused position side says ours was wrong.
        this.state.forgetPositionMode();
        void this.resync(true);
        return;
      case 'unknown-outcome':
        return this.doubt(answer.executableUntil ?? this.now() + UNKNOWN_OUTCOME_MS);
    }
  }

  /** Nothing is trusted until a complete read sent after `until` (when the lost change can no longer execute). */
  private doubt(until: number): void {
    this.doubtUntil = Math.max(this.doubtUntil ?? until, until);
    clearTimeout(this.doubtTimer);
    this.doubtTimer = setTimeout(() => void this.resync(true), Math.max(0, this.doubtUntil - this.now()) + 1);
    this.doubtTimer.unref();
  }

  /**
   * Reads the whole account over REST and applies it as a complete snapshot of the generation it was sent
   * in, retried with backoff while that generation lasts. One at a time per generation.
   */
  private resync(again = false): Promise<void> {
    const generation = this.state.generation;
    if (!again && this.resyncing?.generation === generation) return this.resyncing.done;
    const done = this.runResync(generation);
    this.resyncing = { generation, done };
    return done;
  }

  private async runResync(generation: number): Promise<void> {
    for (let attempt = 0; !this.stopped && generation === this.state.generation; attempt++) {
      const sentAt = this.now();
      const adapter = this.exchange.current;
      try {
        const [balance, mode, symbols, openOrders, conditionalOrders] = await Promise.all([
          adapter.usdtBalance(),
          adapter.positionMode(),
          adapter.allSymbolPositions(),
          adapter.allOpenOrders(),
          adapter.allOpenConditionalOrders(),
        ]);
        if (adapter !== this.exchange.current) return;
        const snapshot = completeSnapshot(
          { balance, mode, symbols, openOrders, conditionalOrders },
          this.exchangeTime(sentAt) - CLOCK_MARGIN_MS,
          generation,
        );
        snapshot.answeredAt = this.now();
        this.state.applySnapshot(snapshot, this.exchangeTime(this.now()) + CLOCK_MARGIN_MS, true);
        this.resyncs += 1;
        if (this.doubtUntil !== undefined && sentAt > this.doubtUntil) this.doubtUntil = undefined;
        this.watch(...this.state.symbolsWithPositions());
        return;
      } catch (error) {
        this.logger.warn(`account resync failed (signals read over REST meanwhile): ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, reconnectDelayMs(attempt)).unref());
      }
    }
  }

  private watch(...symbols: string[]): void {
    const added = symbols.filter((s) => !this.watched.has(s));
    if (!added.length) return;
    for (const s of added) this.watched.add(s);
    this.stream.watchMarkPrices(added);
  }

  private now(): number {
    return Date.now();
  }

  /** Our clock as the exchange's (Binance's adapter measures the offset; paper runs on ours). */
  private exchangeTime(local: number): number {
    const adapter = this.exchange.current;
    return local + (adapter.kind === 'binance' ? adapter.clockOffset : 0);
  }
}
