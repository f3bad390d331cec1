/**
 * One account's state, live: an AccountState fed by that account's stream
 * events, resynchronised from a complete REST snapshot after every
 * (re)connect (in that connection's generation, so a read sent before a loss
 * never vouches for the state after it), told our own answers at once
 * (exchange-answers.ts), and watching the mark prices of the symbols traded.
 * `read` answers a fresh reading or why not; the flows then read over REST
 * (account-reader.service.ts) and hand their answers back with `applyReads`.
 * The default account has one (live-account-state.service.ts), and so has
 * every other live or testnet account of a bot (account-live-states.ts).
 */
import { Logger } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import type { InstancePresence } from '../../database/instance-presence';
import type { ExchangeAnswer } from '../../exchange/exchange-answers';
import type { ManagedExchange } from '../../exchange/exchange.factory';
import type { UsdtBalance } from '../../exchange/exchange.port';
import type { AccountStreamEvent } from '../../exchange/streams/account-stream-events';
import type { AccountStream } from '../../exchange/streams/account-stream.port';
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

/**
 * Request weight of one complete snapshot: balance 5, position mode 30, position risk of every symbol 5,
 * open orders without a symbol 40, open algo orders without a symbol 40
 * (https://developers.binance.com/docs/derivatives/usds-margined-futures, each endpoint's "Request Weight").
 */
export const SNAPSHOT_WEIGHT = 120;

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

export interface LiveAccountStateDeps {
  stream: AccountStream;
  /** The account's adapter now (the default account's can be replaced at run time). */
  adapter: () => ManagedExchange;
  presence: InstancePresence;
  limits: Pick<AccountStateOptions, 'silenceLimitMs' | 'markPriceMaxAgeMs'>;
  /** Waits until a snapshot's request weight fits the per-IP budget (none: sent at once). */
  pace?: (weight: number) => Promise<void>;
  /** For the log: whose state this is. */
  label?: string;
}

export class LiveAccountState {
  private readonly logger: Logger;
  private readonly options: AccountStateOptions;
  private state: AccountState;
  private subscription?: Subscription;
  private stopped = false;
  private resyncing?: { generation: number; done: Promise<void> };
  private resyncs = 0;
  /** A change whose answer was lost may still execute until then (local clock): nothing is trusted. */
  private doubtUntil?: number;
  private doubtTimer?: NodeJS.Timeout;
  private readonly watched = new Set<string>();

  constructor(private readonly deps: LiveAccountStateDeps) {
    this.logger = new Logger(deps.label ? `AccountState ${deps.label}` : 'AccountState');
    this.options = { ...deps.limits, confirmWithinMs: CONFIRM_WITHIN_MS };
    this.state = new AccountState(this.options);
  }

  start(): void {
    this.subscription = this.deps.stream.events$.subscribe((event) => this.onEvent(event));
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.doubtTimer);
    this.subscription?.unsubscribe();
  }

  /** What a trade on `symbol` needs, when it can be trusted (see AccountState.read); why not otherwise. */
  read(symbol: string, forClose = false): ReadingAnswer {
    this.watch(symbol);
    if (this.doubtUntil !== undefined) return { fresh: false, reason: 'position-uncertain' };
    if (!this.deps.presence.alone) return { fresh: false, reason: 'other-instances' };
    return this.state.read(symbol, forClose);
  }

  /** Taken just before a REST read whose answers go to `applyReads`. */
  ticket(): ReadTicket {
    return { generation: this.state.generation, sentAt: this.now() };
  }

  /** A flow's own REST reads of one symbol (and the balance), as they were answered. */
  applyReads(ticket: ReadTicket, reads: { balance?: UsdtBalance; state?: SymbolState }): void {
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
    const staleReason =
      this.doubtUntil !== undefined
        ? 'position-uncertain'
        : !this.deps.presence.alone
          ? 'other-instances'
          : this.state.staleReason;
    return { enabled: true, fresh: staleReason === undefined, staleReason, resyncs: this.resyncs };
  }

  /** What the account's exchange answered to one of our own changes. */
  onAnswer(answer: ExchangeAnswer): void {
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
      if (this.deps.pace) await this.deps.pace(SNAPSHOT_WEIGHT);
      if (this.stopped || generation !== this.state.generation) return;
      const sentAt = this.now();
      const adapter = this.deps.adapter();
      try {
        const [balance, mode, symbols, openOrders, conditionalOrders] = await Promise.all([
          adapter.usdtBalance(),
          adapter.positionMode(),
          adapter.allSymbolPositions(),
          adapter.allOpenOrders(),
          adapter.allOpenConditionalOrders(),
        ]);
        if (adapter !== this.deps.adapter()) return;
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
    this.deps.stream.watchMarkPrices(added);
  }

  private now(): number {
    return Date.now();
  }

  /** Our clock as the exchange's (Binance's adapter measures the offset; paper runs on ours). */
  private exchangeTime(local: number): number {
    const adapter = this.deps.adapter();
    return local + (adapter.kind === 'binance' ? adapter.clockOffset : 0);
  }
}
