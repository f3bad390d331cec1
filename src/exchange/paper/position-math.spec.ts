import Decimal from 'decimal.js';
import { BinanceRejection } from './binance-rejection';
import { positionAfterFill, splitOrder } from './position-math';

const d = (v: string) => new Decimal(v);

describe('position math', () => {
  it.each([
    // held, side, positionSide, quantity, reduceOnly → closing, opening
    ['0', 'BUY', 'BOTH', '1', false, '0', '1'],
    ['2', 'BUY', 'BOTH', '1', false, '0', '1'],
    ['-2', 'BUY', 'BOTH', '1', false, '1', '0'],
    ['-2', 'BUY', 'BOTH', '5', false, '2', '3'],
    ['-2', 'BUY', 'BOTH', '5', true, '2', '0'],
    ['0', 'BUY', 'LONG', '1', false, '0', '1'],
    ['3', 'SELL', 'LONG', '1', false, '1', '0'],
    ['-3', 'BUY', 'SHORT', '3', false, '3', '0'],
  ] as const)(
    'held %s, %s %s %s (reduceOnly %s) closes %s and opens %s',
    (held, side, positionSide, quantity, reduceOnly, closing, opening) => {
      const split = splitOrder(d(held), side, positionSide, d(quantity), reduceOnly);
      expect([split.closing.toString(), split.opening.toString()]).toEqual([closing, opening]);
    },
  );

  it.each([
    ['2', 'BUY', 'BOTH', '1', true],
    ['0', 'SELL', 'BOTH', '1', true],
    ['1', 'SELL', 'LONG', '2', false],
  ] as const)(
    'refuses a reduction with nothing to reduce (held %s, %s %s %s)',
    (held, side, positionSide, quantity, reduceOnly) => {
      expect(() => splitOrder(d(held), side, positionSide, d(quantity), reduceOnly)).toThrow(BinanceRejection);
    },
  );

  it('realises PnL on the closed part and opens the rest at the fill price', () => {
    const held = { amount: d('-2'), entryPrice: d('100'), margin: d('40'), updateTime: 0 };
    const { position, realizedPnl } = positionAfterFill(held, 'BUY', d('2'), d('3'), d('90'), 5, 1);
    expect(realizedPnl.toString()).toBe('20');
    expect(position).toMatchObject({ updateTime: 1 });
    expect([position!.amount, position!.entryPrice, position!.margin].map(String)).toEqual(['3', '90', '54']);
  });

  it('returns no position once flat', () => {
    const held = { amount: d('1'), entryPrice: d('10'), margin: d('2'), updateTime: 0 };
    expect(positionAfterFill(held, 'SELL', d('1'), d('0'), d('12'), 5, 1)).toMatchObject({ position: undefined });
  });
});
