import { TimedOrderBook } from './timed-order-book';

describe('TimedOrderBook', () => {
  it('adds and ends orders by events, and a late event never brings an ended order back', () => {
    const book = new TimedOrderBook<string>();
    book.applyEvent('1', 'BTCUSDT', 'a', 10);
    book.applyEvent('2', 'BTCUSDT', 'b', 11);
    expect(book.open('BTCUSDT')).toEqual(['a', 'b']);
    book.applyEvent('1', 'BTCUSDT', undefined, 12);
    expect(book.applyEvent('1', 'BTCUSDT', 'a', 10)).toBe(false);
    expect(book.open('BTCUSDT')).toEqual(['b']);
    expect(book.open('ETHUSDT')).toEqual([]);
  });

  it('a list read replaces what is older, keeps orders placed after it was sent, and ignores older events', () => {
    const book = new TimedOrderBook<string>();
    book.applyEvent('old', 'BTCUSDT', 'old', 5);
    book.applyEvent('placed-after-read', 'BTCUSDT', 'new', 30);
    book.applyEvent('ended-after-read', 'BTCUSDT', undefined, 25);
    book.applyList(
      'BTCUSDT',
      [
        { id: 'listed', order: 'listed' },
        { id: 'ended-after-read', order: 'stale' },
      ],
      20,
    );
    expect(book.open('BTCUSDT').sort()).toEqual(['listed', 'new']);
    expect(book.applyEvent('missed', 'BTCUSDT', 'missed', 15)).toBe(false);
    expect(book.applyEvent('later', 'BTCUSDT', 'later', 21)).toBe(true);
  });
});
