/**
 * The account as the service knows it between REST reads: balance, positions
 * per side, open and conditional orders, leverage and margin type per symbol,
 * mark prices. Fed by the user-data and mark-price streams, by REST snapshots
 * and by the answers to our own orders, each ordered by the exchange's times
 * (see position-ledger.ts and timed-order-book.ts). It answers a symbol's
 * reading only while it can be trusted (stream-health.ts); otherwise it says
 * why, and the caller reads over REST. Pure: no I/O, the local clock injected.
 */
import Decimal from 'decimal.js';
import type {
  ConditionalOrder,
  OpenOrder,
  OpenPosition,
  OrderResult,
  PositionMode,
  PositionSide,
  PriceQuote,
  UsdtBalance,
} from '../../exchange/exchange.port';
import type { MarginType } from '../../common/margin-types';
import type { SymbolState } from '../positions.service';
import type { AccountEvent, AccountSnapshot, OwnFill } from './account-events';
import { estimatedAvailable, MarginedOrder, MarginedPosition } from './estimated-available';
import { LedgerFigures, PositionLedger } from './position-ledger';
import { StaleReason, StreamHealth, StreamHealthLimits } from './stream-health';
import { TimedOrderBook } from './timed-order-book';

export interface AccountStateOptions extends StreamHealthLimits {
  /** A mark price older than this (local clock) is not used to size an order. */
  markPriceMaxAgeMs: number;
}

/** Everything an open, reversal or close needs before its orders. */
export interface AccountReading {
  balance: UsdtBalance;
  quote: PriceQuote;
  state: SymbolState;
}

export type ReadingAnswer = { fresh: true; reading: AccountReading } | { fresh: false; reason: StaleReason };

interface Timed<T> {
  value: T;
  time: number;
}

const ZERO = new Decimal(0);
const SIDES: Record<PositionMode, PositionSide[]> = { 'one-way': ['BOTH'], hedge: ['LONG', 'SHORT'] };
/** Binance's default for a symbol never configured. */
const DEFAULT_LEVERAGE = 20;

export class AccountState {
  private readonly health: StreamHealth;
  private readonly ledgers = new Map<string, PositionLedger>();
  private readonly leverages = new Map<string, Timed<number>>();
  private readonly marginTypes = new Map<string, Timed<MarginType>>();
  private readonly orders = new TimedOrderBook<OpenOrder>();
  private readonly conditional = new TimedOrderBook<ConditionalOrder>();
  private readonly marks = new Map<string, { price: Decimal; receivedAt: number }>();
  private wallet?: Timed<Decimal>;
  private mode?: PositionMode;
  /** The generation the last complete snapshot vouched for. */
  private resyncedGeneration = -1;
  /** Own fills the stream has not confirmed yet (local time applied). */
  private unconfirmed: Array<{ ledgerKey: string; orderId: string; time: number; localAt: number }> = [];

  constructor(
    private readonly options: AccountStateOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.health = new StreamHealth(options);
  }

  /** The current generation: a snapshot must carry the one it was sent in. */
  get generation(): number {
    return this.health.generation;
  }

  /** Whether the state is trustworthy at account level (the symbol may still add a reason). */
  get staleReason(): StaleReason | undefined {
    const reason = this.health.staleReason(this.now(), this.unconfirmedSince());
    if (reason) return reason;
    return this.resyncedGeneration === this.health.generation ? undefined : 'resync-pending';
  }

  /** A (re)connect: what the streams said before may have moved since, mark prices first of all. */
  streamConnected(): void {
    this.health.connect(this.now());
    this.marks.clear();
  }

  streamDisconnected(reason: 'stream-down' | 'listen-key-expired'): void {
    this.health.disconnect(reason);
  }

  /** A ping, a pong or any event: the connection is alive. */
  heard(): void {
    this.health.heard(this.now());
  }

  apply(event: AccountEvent): void {
    this.health.heard(this.now());
    switch (event.kind) {
      case 'account':
        if (event.balance && event.time >= (this.wallet?.time ?? -Infinity)) {
          this.wallet = { value: event.balance.wallet, time: event.time };
        }
        for (const p of event.positions) {
          this.ledger(p.symbol, p.positionSide).applyAbsolute(p, { kind: 'event', time: event.time });
          if (p.marginType) setTimed(this.marginTypes, p.symbol, p.marginType, event.time);
        }
        return;
      case 'order': {
        const { order } = event;
        const open = order.status === 'NEW' || order.status === 'PARTIALLY_FILLED';
        const { status: _status, executedQty: _executed, ...listed } = order;
        this.orders.applyEvent(order.orderId, order.symbol, open ? listed : undefined, event.time);
        return;
      }
      case 'algo': {
        const waiting = event.order.status === 'NEW';
        this.conditional.applyEvent(
          event.order.algoId,
          event.order.symbol,
          waiting ? event.order : undefined,
          event.time,
        );
        return;
      }
      case 'leverage':
        setTimed(this.leverages, event.symbol, event.leverage, event.time);
        return;
      case 'mark-price':
        this.marks.set(event.symbol, { price: event.markPrice, receivedAt: this.now() });
        return;
    }
  }

  /**
   * A REST read, answered by `receivedBy` (exchange time, erring late). A
   * `complete` one (balance, every symbol's positions and orders, the mode)
   * sent in the current generation resynchronises the state after a connect.
   */
  applySnapshot(snapshot: AccountSnapshot, receivedBy: number, complete = false): void {
    const { asOf } = snapshot;
    if (snapshot.mode) this.mode = snapshot.mode;
    if (snapshot.balance) {
      const time = Math.max(asOf, snapshot.balance.updateTime ?? 0);
      if (time > (this.wallet?.time ?? -Infinity)) this.wallet = { value: snapshot.balance.wallet, time };
    }
    for (const s of snapshot.symbols ?? []) {
      setTimed(this.leverages, s.symbol, s.leverage, asOf, true);
      setTimed(this.marginTypes, s.symbol, s.marginType, asOf, true);
      for (const p of s.positions) {
        const { answeredAt } = snapshot;
        const source = { kind: 'snapshot' as const, asOf, receivedBy, updateTime: p.updateTime, answeredAt };
        this.ledger(p.symbol, p.positionSide).applyAbsolute(p, source);
      }
    }
    for (const list of snapshot.openOrders ?? []) {
      this.orders.applyList(
        list.symbol,
        list.orders.map((order) => ({ id: order.orderId, order })),
        asOf,
      );
    }
    for (const list of snapshot.conditionalOrders ?? []) {
      this.conditional.applyList(
        list.symbol,
        list.orders.map((order) => ({ id: order.algoId, order })),
        asOf,
      );
    }
    for (const mark of snapshot.markPrices ?? []) {
      if (!this.marks.has(mark.symbol)) this.marks.set(mark.symbol, { price: mark.markPrice, receivedAt: this.now() });
    }
    if (complete && snapshot.generation === this.health.generation) this.resyncedGeneration = snapshot.generation;
  }

  /** Our own order's RESULT answer: the position moves at once, before the stream says so. */
  applyOwnOrder(result: OrderResult, sentAt?: number): void {
    if (result.executedQty.lte(0)) return;
    this.applyOwnFill({
      symbol: result.symbol,
      orderId: result.orderId,
      side: result.side,
      positionSide: result.positionSide,
      executedQty: result.executedQty,
      avgPrice: result.avgPrice,
      updateTime: result.updateTime,
      sentAt,
    });
  }

  applyOwnFill(fill: OwnFill): void {
    const key = ledgerKey(fill.symbol, fill.positionSide);
    const unit = fill.side === 'BUY' ? 1 : -1;
    this.ledger(fill.symbol, fill.positionSide).applyOwnFill(
      fill.orderId,
      fill.executedQty,
      unit,
      fill.avgPrice,
      fill.updateTime,
      fill.sentAt,
    );
    this.unconfirmed.push({ ledgerKey: key, orderId: fill.orderId, time: fill.updateTime, localAt: this.now() });
  }

  /** Our own leverage or margin type change, as the exchange answered it at `time`. */
  applyOwnSettings(symbol: string, settings: { leverage?: number; marginType?: MarginType }, time: number): void {
    if (settings.leverage !== undefined) setTimed(this.leverages, symbol, settings.leverage, time);
    if (settings.marginType !== undefined) setTimed(this.marginTypes, symbol, settings.marginType, time);
  }

  /** Our own conditional order as placed, or the symbol's waiting ones cancelled. */
  applyOwnConditional(order: ConditionalOrder, time: number): void {
    this.conditional.applyEvent(order.algoId, order.symbol, order.status === 'NEW' ? order : undefined, time);
  }

  /**
   * Our own cancel answered: all of the symbol's orders (regular or conditional) as of when it was
   * sent (`asOf`), or one conditional order (`algoId`) as of the answer (`receivedBy`).
   */
  applyOwnCancel(
    kind: 'orders' | 'conditional',
    symbol: string,
    times: { asOf: number; receivedBy: number },
    algoId?: string,
  ): void {
    if (kind === 'conditional' && algoId !== undefined) {
      this.conditional.applyEvent(algoId, symbol, undefined, times.receivedBy);
    } else {
      (kind === 'orders' ? this.orders : this.conditional).applyList(symbol, [], times.asOf);
    }
  }

  /** The account's position mode, when a read told it. */
  get positionMode(): PositionMode | undefined {
    return this.mode;
  }

  /** Forgets the position mode (an order refused for its position side): the next reading is not fresh. */
  forgetPositionMode(): void {
    this.mode = undefined;
  }

  /** Symbols with a position open on any side (their mark prices matter to the available balance). */
  symbolsWithPositions(): string[] {
    const symbols = new Set<string>();
    for (const [key, ledger] of this.ledgers) {
      if (ledger.figures()?.amount.isZero() === false) symbols.add(key.split('|')[0]);
    }
    return [...symbols];
  }

  /**
   * What a trade on `symbol` needs, when the state can be trusted; why not
   * otherwise. A close (`forClose`) needs neither the balance nor a price: our
   * last fill moved the position at once, so a close need not wait for the
   * stream to confirm the balance.
   */
  read(symbol: string, forClose = false): ReadingAnswer {
    const accountReason = this.staleReason;
    if (accountReason) return { fresh: false, reason: accountReason };
    const mode = this.mode;
    const wallet = this.wallet;
    if (!mode || !wallet || !this.leverages.has(symbol) || !this.marginTypes.has(symbol)) {
      return { fresh: false, reason: 'symbol-unknown' };
    }
    const sides = SIDES[mode].map((side) => this.ledgers.get(ledgerKey(symbol, side)));
    if (sides.some((ledger) => ledger?.uncertain)) return { fresh: false, reason: 'position-uncertain' };
    if (!forClose && this.unconfirmed.some((fill) => fill.time > wallet.time)) {
      return { fresh: false, reason: 'balance-unsettled' };
    }
    const mark = this.marks.get(symbol);
    const markFresh = mark !== undefined && this.now() - mark.receivedAt <= this.options.markPriceMaxAgeMs;
    if (!forClose && !markFresh) return { fresh: false, reason: 'mark-price-stale' };
    const leverage = this.leverages.get(symbol)!.value;
    const marginType = this.marginTypes.get(symbol)!.value;
    const positions = SIDES[mode]
      .map((side) => this.openPosition(symbol, side, mark?.price))
      .filter((p): p is OpenPosition => p !== undefined);
    const price = mark?.price ?? ZERO;
    return {
      fresh: true,
      reading: {
        balance: { wallet: wallet.value, available: this.available(mode) },
        quote: { symbol, price, source: 'mark-price' },
        state: {
          positions: { symbol, leverage, marginType, positions, mode },
          mode,
          openOrders: this.orders.open(symbol),
          conditionalOrders: this.conditional.open(symbol),
        },
      },
    };
  }

  /** The local time of the oldest own fill the stream has not confirmed (position and balance). */
  private unconfirmedSince(): number | undefined {
    const walletTime = this.wallet?.time ?? -Infinity;
    this.unconfirmed = this.unconfirmed.filter(
      (fill) => fill.time > walletTime || this.ledgers.get(fill.ledgerKey)!.awaits(fill.orderId),
    );
    return this.unconfirmed[0]?.localAt;
  }

  /** A side's open position; without a mark price (a close needs none) it is valued at its entry. */
  private openPosition(symbol: string, side: PositionSide, markPrice?: Decimal): OpenPosition | undefined {
    const figures = this.ledgers.get(ledgerKey(symbol, side))?.figures();
    if (!figures || figures.amount.isZero()) return undefined;
    const mark = markPrice ?? figures.entryPrice;
    return {
      symbol,
      direction: side === 'SHORT' || figures.amount.isNegative() ? 'SHORT' : 'LONG',
      positionSide: side,
      quantity: figures.amount.abs(),
      entryPrice: figures.entryPrice,
      markPrice: mark,
      unrealizedPnl: figures.amount.mul(mark.sub(figures.entryPrice)),
    };
  }

  private available(mode: PositionMode): Decimal {
    const positions: MarginedPosition[] = [];
    for (const [key, ledger] of this.ledgers) {
      const [symbol, side] = key.split('|') as [string, PositionSide];
      const figures: LedgerFigures | undefined = ledger.figures();
      if (!figures || figures.amount.isZero() || !SIDES[mode].includes(side)) continue;
      positions.push({
        ...figures,
        markPrice: this.marks.get(symbol)?.price ?? figures.entryPrice,
        leverage: this.leverages.get(symbol)?.value ?? DEFAULT_LEVERAGE,
        marginType: this.marginTypes.get(symbol)?.value ?? 'CROSSED',
      });
    }
    const orders: MarginedOrder[] = this.orders.allOpen().map(({ symbol, order }) => ({
      quantity: order.origQty,
      price: order.price,
      leverage: this.leverages.get(symbol)?.value ?? DEFAULT_LEVERAGE,
    }));
    return estimatedAvailable(this.wallet?.value ?? ZERO, positions, orders);
  }

  private ledger(symbol: string, side: PositionSide): PositionLedger {
    const key = ledgerKey(symbol, side);
    let ledger = this.ledgers.get(key);
    if (!ledger) this.ledgers.set(key, (ledger = new PositionLedger()));
    return ledger;
  }
}

function ledgerKey(symbol: string, side: PositionSide): string {
  return `${symbol}|${side}`;
}

/** Keeps the newest value; a snapshot (`fromSnapshot`) never replaces an event of the same time. */
function setTimed<T>(map: Map<string, Timed<T>>, key: string, value: T, time: number, fromSnapshot = false): void {
  const held = map.get(key);
  if (held && (time < held.time || (fromSnapshot && time === held.time))) return;
  map.set(key, { value, time });
}
