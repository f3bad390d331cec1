/**
 * The ordering rules over random histories (fast-check): a position changes on
 * the exchange (our fills and others'), the stream reports each change late but
 * in order, our order answers arrive late, and REST snapshots are sent, served
 * and answered at random moments. Whatever the interleaving, the ledger never
 * counts a fill twice nor misses one: when it is not in doubt it shows the
 * position as of what it has heard, and once everything arrived it shows the
 * exchange's position.
 */
import fc from 'fast-check';
import Decimal from 'decimal.js';
import { LedgerFigures, PositionLedger, withFill } from './position-ledger';

interface Change {
  time: number;
  quantity: number;
  price: number;
  own: boolean;
  orderId: string;
}

interface Delivery {
  at: number;
  /** Among deliveries at the same tick: the stream keeps its order, the rest interleave. */
  tiebreak: number;
  /** Returns false when the ledger set the figures aside (see the loop below). */
  apply: (ledger: PositionLedger) => unknown;
  /** The exchange time up to which this delivery tells the truth. */
  knownUpTo: number;
}

const changeArb = fc.record({
  own: fc.boolean(),
  quantity: fc.integer({ min: -5, max: 5 }).filter((q) => q !== 0),
  price: fc.integer({ min: 90, max: 110 }),
  gap: fc.integer({ min: 1, max: 30 }),
  streamDelay: fc.integer({ min: 0, max: 60 }),
  answerDelay: fc.integer({ min: 0, max: 25 }),
});

const snapshotArb = fc.record({
  asOf: fc.integer({ min: 0, max: 600 }),
  serveDelay: fc.integer({ min: 0, max: 20 }),
  answerDelay: fc.integer({ min: 0, max: 20 }),
  flatRowWithoutTime: fc.boolean(),
  tiebreak: fc.integer(),
});

type Valued<A> = A extends fc.Arbitrary<infer T> ? T : never;

function truthAt(changes: Change[], time: number): LedgerFigures {
  return changes
    .filter((c) => c.time <= time)
    .reduce((held, c) => withFill(held, new Decimal(c.quantity), new Decimal(c.price)), {
      amount: new Decimal(0),
      entryPrice: new Decimal(0),
    });
}

function lastChangeAt(changes: Change[], time: number): number {
  return changes.filter((c) => c.time <= time).reduce((last, c) => Math.max(last, c.time), 0);
}

/** Builds the history: `sequential` makes every fill ours, each answered before the next order is sent. */
function history(
  raw: Array<Valued<typeof changeArb>>,
  snapshots: Array<Valued<typeof snapshotArb>>,
  sequential: boolean,
) {
  const changes: Change[] = [];
  const deliveries: Delivery[] = [];
  let time = 1;
  let streamAt = 0;
  raw.forEach((r, i) => {
    const own = sequential || r.own;
    const change: Change = { time, quantity: r.quantity, price: r.price, own, orderId: String(i) };
    changes.push(change);
    // The stream reports each change late, never out of order.
    streamAt = Math.max(streamAt, time + r.streamDelay);
    const after = () => truthAt(changes, change.time);
    deliveries.push({
      at: streamAt,
      tiebreak: -1e12 + i,
      knownUpTo: change.time,
      apply: (ledger) => ledger.applyAbsolute(after(), { kind: 'event', time: change.time }),
    });
    if (own) {
      const unit = change.quantity > 0 ? 1 : -1;
      const quantity = new Decimal(Math.abs(change.quantity));
      deliveries.push({
        at: time + r.answerDelay,
        tiebreak: i,
        knownUpTo: change.time,
        apply: (ledger) => ledger.applyOwnFill(change.orderId, quantity, unit, new Decimal(change.price), change.time),
      });
    }
    // One order at a time: the next is sent after this one's answer.
    time += r.gap + (sequential ? r.answerDelay : 0);
  });
  for (const s of snapshots) {
    const served = s.asOf + s.serveDelay;
    const receivedBy = served + s.answerDelay;
    deliveries.push({
      at: receivedBy,
      tiebreak: s.tiebreak,
      knownUpTo: served,
      apply: (ledger) => {
        const figures = truthAt(changes, served);
        const flat = figures.amount.isZero() && s.flatRowWithoutTime;
        const updateTime = flat ? 0 : lastChangeAt(changes, served);
        return ledger.applyAbsolute(figures, { kind: 'snapshot', asOf: s.asOf, receivedBy, updateTime });
      },
    });
  }
  deliveries.sort((a, b) => a.at - b.at || a.tiebreak - b.tiebreak);
  return { changes, deliveries };
}

const same = (a: LedgerFigures | undefined, b: LedgerFigures) =>
  a !== undefined && a.amount.eq(b.amount) && a.entryPrice.eq(b.entryPrice);

describe('PositionLedger ordering (property)', () => {
  it('with our orders one after another: never a stale or doubled position unless it says it is in doubt', () => {
    fc.assert(
      fc.property(
        fc.array(changeArb, { minLength: 1, maxLength: 10 }),
        fc.array(snapshotArb, { maxLength: 4 }),
        (raw, snapshots) => {
          const { changes, deliveries } = history(raw, snapshots, true);
          const ledger = new PositionLedger();
          ledger.applyAbsolute(truthAt(changes, 0), { kind: 'event', time: 0 });
          let known = 0;
          for (const delivery of deliveries) {
            // A snapshot the ledger cannot place after what it holds (a flat row has no update time, and it was
            // sent before the held event) is set aside and teaches it nothing: until our order in flight is
            // answered, it keeps the event's figures (seeds -1873500601 and 828907256 found this case). The
            // per-symbol queue sends nothing more on that symbol until the answer.
            if (delivery.apply(ledger) === false) continue;
            known = Math.max(known, delivery.knownUpTo);
            if (!ledger.uncertain) expect(same(ledger.figures(), truthAt(changes, known))).toBe(true);
          }
          expect(ledger.uncertain).toBe(false);
          expect(same(ledger.figures(), truthAt(changes, Infinity))).toBe(true);
        },
      ),
      { numRuns: Number(process.env.CHAOS_RUNS ?? 500) },
    );
  });

  it("with others' fills too: once everything arrived, the exchange's position, never in doubt", () => {
    fc.assert(
      fc.property(
        fc.array(changeArb, { minLength: 1, maxLength: 12 }),
        fc.array(snapshotArb, { maxLength: 4 }),
        (raw, snapshots) => {
          const { changes, deliveries } = history(raw, snapshots, false);
          const ledger = new PositionLedger();
          for (const delivery of deliveries) delivery.apply(ledger);
          expect(ledger.uncertain).toBe(false);
          expect(same(ledger.figures(), truthAt(changes, Infinity))).toBe(true);
        },
      ),
      { numRuns: Number(process.env.CHAOS_RUNS ?? 500) },
    );
  });
});
