import Decimal from 'decimal.js';
import { LedgerFigures, PositionLedger, withFill } from './position-ledger';

const d = (v: string | number) => new Decimal(v);
const figures = (amount: number, entry = 100): LedgerFigures => ({
  amount: d(amount),
  entryPrice: d(amount ? entry : 0),
});
const amountOf = (ledger: PositionLedger) => ledger.figures()?.amount.toNumber();
const event = (time: number) => ({ kind: 'event' as const, time });
const snapshot = (asOf: number, receivedBy: number, updateTime?: number) => ({
  kind: 'snapshot' as const,
  asOf,
  receivedBy,
  updateTime,
});

describe('PositionLedger', () => {
  it('knows nothing before absolute figures, and a fill alone is a doubt', () => {
    const ledger = new PositionLedger();
    expect(ledger.figures()).toBeUndefined();
    ledger.applyOwnFill('1', d(1), 1, d(100), 10);
    expect(ledger.uncertain).toBe(true);
    ledger.applyAbsolute(figures(1), event(10));
    expect(ledger.uncertain).toBe(false);
    expect(amountOf(ledger)).toBe(1);
  });

  it('applies our fill at once, and the later event for it does not count it twice', () => {
    const ledger = new PositionLedger();
    ledger.applyAbsolute(figures(0), snapshot(5, 6, 0));
    ledger.applyOwnFill('1', d(2), 1, d(100), 10);
    expect(amountOf(ledger)).toBe(2);
    expect(ledger.awaits('1')).toBe(true);
    ledger.applyAbsolute(figures(2), event(10));
    expect(amountOf(ledger)).toBe(2);
    expect(ledger.awaits('1')).toBe(false);
  });

  it('takes the stream event that beat our answer as that fill', () => {
    const ledger = new PositionLedger();
    ledger.applyAbsolute(figures(0), snapshot(5, 6, 0));
    ledger.applyAbsolute(figures(2), event(10));
    ledger.applyOwnFill('1', d(2), 1, d(100), 10);
    expect(amountOf(ledger)).toBe(2);
    expect(ledger.uncertain).toBe(false);
  });

  it('doubts a second own fill at the time an event already explained', () => {
    const ledger = new PositionLedger();
    ledger.applyAbsolute(figures(2), event(10));
    ledger.applyOwnFill('1', d(2), 1, d(100), 10);
    ledger.applyOwnFill('2', d(1), 1, d(100), 10);
    expect(ledger.uncertain).toBe(true);
    ledger.applyAbsolute(figures(3), event(11));
    expect(ledger.uncertain).toBe(false);
    expect(amountOf(ledger)).toBe(3);
  });

  it('doubts two pending fills at the time of one event', () => {
    const ledger = new PositionLedger();
    ledger.applyAbsolute(figures(0), event(5));
    ledger.applyOwnFill('1', d(1), 1, d(100), 10);
    ledger.applyOwnFill('2', d(1), 1, d(100), 10);
    expect(amountOf(ledger)).toBe(2);
    ledger.applyAbsolute(figures(1), event(10));
    expect(ledger.uncertain).toBe(true);
  });

  it('keeps a fill newer than the event on top of it', () => {
    const ledger = new PositionLedger();
    ledger.applyAbsolute(figures(0), event(5));
    ledger.applyOwnFill('1', d(1), 1, d(100), 20);
    ledger.applyAbsolute(figures(-3), event(15)); // someone else sold before our fill
    expect(amountOf(ledger)).toBe(-2);
  });

  it('ignores an event older than the snapshot, and a snapshot never rolls back a newer event', () => {
    const ledger = new PositionLedger();
    ledger.applyAbsolute(figures(5), snapshot(100, 110, 90));
    expect(ledger.applyAbsolute(figures(4), event(95))).toBe(false);
    expect(amountOf(ledger)).toBe(5);
    expect(ledger.applyAbsolute(figures(6), event(120))).toBe(true);
    expect(ledger.applyAbsolute(figures(5), snapshot(115, 130, 90))).toBe(false);
    expect(amountOf(ledger)).toBe(6);
    expect(ledger.applyAbsolute(figures(7), snapshot(125, 130, 121))).toBe(true);
    expect(amountOf(ledger)).toBe(7);
  });

  it('decides a fill during a snapshot read by the row update time, and doubts it without one', () => {
    const seen = new PositionLedger();
    seen.applyOwnFill('1', d(1), 1, d(100), 105);
    seen.applyAbsolute(figures(1), snapshot(100, 110, 105));
    expect(amountOf(seen)).toBe(1);

    const before = new PositionLedger();
    before.applyAbsolute(figures(0), event(1));
    before.applyOwnFill('1', d(1), 1, d(100), 105);
    before.applyAbsolute(figures(0), snapshot(100, 110, 50));
    expect(amountOf(before)).toBe(1);

    const flat = new PositionLedger();
    flat.applyAbsolute(figures(0), event(1));
    flat.applyOwnFill('1', d(1), 1, d(100), 105);
    flat.applyAbsolute(figures(0), snapshot(100, 110, 0));
    expect(flat.uncertain).toBe(true);
  });

  it('never takes an order we sent after a snapshot was answered as part of it, whatever the clocks say', () => {
    const ledger = new PositionLedger();
    ledger.applyAbsolute(figures(0), {
      kind: 'snapshot',
      asOf: 100,
      receivedBy: 130,
      updateTime: 0,
      answeredAt: 5_000.4,
    });
    ledger.applyOwnFill('1', d(1), 1, d(100), 110, 5_000.7);
    expect(ledger.uncertain).toBe(false);
    expect(amountOf(ledger)).toBe(1);
    const concurrent = new PositionLedger();
    concurrent.applyAbsolute(figures(0), {
      kind: 'snapshot',
      asOf: 100,
      receivedBy: 130,
      updateTime: 0,
      answeredAt: 5_000.4,
    });
    concurrent.applyOwnFill('1', d(1), 1, d(100), 110, 4_999);
    expect(concurrent.uncertain).toBe(true);
  });

  it('counts each order once, by its cumulative quantity', () => {
    const ledger = new PositionLedger();
    ledger.applyAbsolute(figures(0), event(1));
    ledger.applyOwnFill('1', d(1), -1, d(100), 10);
    ledger.applyOwnFill('1', d(1), -1, d(100), 10);
    ledger.applyOwnFill('1', d(3), -1, d(100), 12);
    expect(amountOf(ledger)).toBe(-3);
  });
});

describe('withFill', () => {
  it.each([
    [0, 0, 2, 100, 2, 100],
    [2, 100, 2, 200, 4, 150],
    [4, 150, -1, 300, 3, 150],
    [3, 150, -3, 300, 0, 0],
    [3, 150, -5, 90, -2, 90],
    [-2, 90, -2, 110, -4, 100],
  ])('%d @ %d with %d @ %d → %d @ %d', (amount, entry, quantity, price, expected, expectedEntry) => {
    const after = withFill({ amount: d(amount), entryPrice: d(entry) }, d(quantity), d(price));
    expect(after.amount.toNumber()).toBe(expected);
    expect(after.entryPrice.toNumber()).toBe(expectedEntry);
  });
});
