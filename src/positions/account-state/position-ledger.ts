/**
 * One position side (symbol + BOTH/LONG/SHORT) as the account state knows it:
 * the last absolute figures (an ACCOUNT_UPDATE or a REST snapshot), plus our
 * own fills the exchange answered but the stream has not reported yet.
 *
 * The hard part is never counting a fill twice nor missing one when the answer
 * to our order and the stream's ACCOUNT_UPDATE race. Every fill is counted once
 * per order (by cumulative quantity); whether the absolute figures already
 * include it is decided by times:
 * - an event at T includes fills before T, not those after; one own fill at
 *   exactly T is taken as the event's cause, two are a doubt;
 * - a snapshot never includes a fill whose order we sent after its answer
 *   arrived (both on our own clock: the fill's `sentAt`, its `answeredAt`);
 * - a snapshot sent at `asOf` and answered by `receivedBy` includes fills
 *   before `asOf`, not those after `receivedBy`; in between, the row's own
 *   updateTime decides (the exchange moves it with every fill), else a doubt.
 * A doubt makes the side uncertain (callers read it over REST instead) until a
 * later absolute settles it.
 */
import Decimal from 'decimal.js';

export interface LedgerFigures {
  amount: Decimal;
  entryPrice: Decimal;
}

/** Where absolute figures came from, with the times that decide what they include. */
export type LedgerSource =
  | { kind: 'event'; time: number }
  | { kind: 'snapshot'; asOf: number; receivedBy: number; updateTime?: number; answeredAt?: number };

interface Fill {
  orderId: string;
  time: number;
  /** Signed: BUY > 0, SELL < 0. */
  quantity: Decimal;
  price: Decimal;
  /** When we sent the order, on our own clock. */
  sentAt?: number;
}

type Inclusion = 'included' | 'excluded' | 'unknown';

const ZERO = new Decimal(0);

export class PositionLedger {
  private base?: { figures: LedgerFigures; source: LedgerSource; claimedBy?: string };
  /** Own fills on top of the base. */
  private pending: Fill[] = [];
  /** Own fills that may or may not be in the base. */
  private doubtful: Fill[] = [];
  /** Cumulative quantity of each own order already counted. */
  private readonly counted = new Map<string, Decimal>();

  /** When the figures last changed, by the exchange's clock (for ordering). */
  get time(): number {
    return this.base ? effectiveTime(this.base.source) : -Infinity;
  }

  get known(): boolean {
    return this.base !== undefined;
  }

  get uncertain(): boolean {
    return this.doubtful.length > 0;
  }

  /** Whether absolute figures still have to confirm (or settle) this own order's fill. */
  awaits(orderId: string): boolean {
    return [...this.pending, ...this.doubtful].some((fill) => fill.orderId === orderId);
  }

  /**
   * Applies absolute figures unless they are older than those held: an event
   * older than the snapshot is ignored, a snapshot never rolls back a newer
   * event. Answers whether they were applied.
   */
  applyAbsolute(figures: LedgerFigures, source: LedgerSource): boolean {
    if (this.base) {
      const held = effectiveTime(this.base.source);
      const incoming = effectiveTime(source);
      if (incoming < held) return false;
      // The same time: a later event of the stream is newer; a snapshot never beats an event.
      if (incoming === held && source.kind === 'snapshot' && this.base.source.kind === 'event') return false;
    }
    this.base = { figures, source };
    const waiting = [...this.pending, ...this.doubtful].sort((a, b) => a.time - b.time);
    this.pending = [];
    this.doubtful = [];
    const ties = waiting.filter((fill) => source.kind === 'event' && fill.time === source.time);
    for (const fill of waiting) {
      let inclusion = includes(source, fill);
      if (inclusion === 'unknown' && source.kind === 'event' && ties.length === 1) {
        inclusion = 'included';
        this.base.claimedBy = fill.orderId;
      }
      if (inclusion === 'excluded') this.pending.push(fill);
      if (inclusion === 'unknown') this.doubtful.push(fill);
    }
    return true;
  }

  /** Our own order's answer: its newly filled quantity counts once, on top of the base unless it is in it. */
  applyOwnFill(
    orderId: string,
    executedQty: Decimal,
    signedUnit: 1 | -1,
    price: Decimal,
    time: number,
    sentAt?: number,
  ): void {
    const before = this.counted.get(orderId) ?? ZERO;
    if (executedQty.lte(before)) return;
    this.counted.set(orderId, executedQty);
    const fill: Fill = { orderId, time, quantity: executedQty.sub(before).mul(signedUnit), price, sentAt };
    if (!this.base) {
      this.doubtful.push(fill);
      return;
    }
    let inclusion = includes(this.base.source, fill);
    if (inclusion === 'unknown' && this.base.source.kind === 'event' && this.base.claimedBy === undefined) {
      // The stream beat the answer: the event at this very time is this fill's.
      this.base.claimedBy = orderId;
      inclusion = 'included';
    }
    if (inclusion === 'excluded') this.pending.push(fill);
    if (inclusion === 'unknown') this.doubtful.push(fill);
  }

  /** The side's figures with the pending own fills applied; undefined when never read. */
  figures(): LedgerFigures | undefined {
    if (!this.base) return undefined;
    return this.pending.reduce((held, fill) => withFill(held, fill.quantity, fill.price), this.base.figures);
  }
}

function effectiveTime(source: LedgerSource): number {
  return source.kind === 'event' ? source.time : Math.max(source.asOf, source.updateTime ?? 0);
}

function includes(source: LedgerSource, fill: Fill): Inclusion {
  const fillTime = fill.time;
  if (source.kind === 'event') {
    if (fillTime < source.time) return 'included';
    return fillTime > source.time ? 'excluded' : 'unknown';
  }
  if (fill.sentAt !== undefined && source.answeredAt !== undefined && fill.sentAt > source.answeredAt) {
    return 'excluded';
  }
  if (fillTime < source.asOf) return 'included';
  if (fillTime > source.receivedBy) return 'excluded';
  if (!source.updateTime) return 'unknown';
  return source.updateTime >= fillTime ? 'included' : 'excluded';
}

/** A position after a fill: adding averages the entry, reducing keeps it, crossing zero starts at the fill price. */
export function withFill(held: LedgerFigures, quantity: Decimal, price: Decimal): LedgerFigures {
  const amount = held.amount.add(quantity);
  if (amount.isZero()) return { amount, entryPrice: ZERO };
  if (held.amount.isZero() || held.amount.isNegative() === quantity.isNegative()) {
    const value = held.amount.abs().mul(held.entryPrice).add(quantity.abs().mul(price));
    return { amount, entryPrice: value.div(amount.abs()) };
  }
  if (amount.isNegative() === held.amount.isNegative()) return { amount, entryPrice: held.entryPrice };
  return { amount, entryPrice: price };
}
