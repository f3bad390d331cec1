import Decimal from 'decimal.js';
import { resizedClientAlgoId, resizedLadder } from './protection-resizer';

const d = (values: Array<number | string>) => values.map((v) => new Decimal(v));
const text = (values: Decimal[]) => values.map((v) => v.toString());

describe('resizing protection', () => {
  it('splits what is held among the open levels, all of it when the ladder covered everything', () => {
    expect(text(resizedLadder(new Decimal('0.12'), d([50, 50]), [], new Decimal('0.001')))).toEqual(['0.06', '0.06']);
    // Level 1 (30%) filled: levels 2 and 3 (30%, 40%) share what is left, 3 : 4.
    expect(text(resizedLadder(new Decimal('0.7'), d([30, 40]), d([30]), new Decimal('0.001')))).toEqual(['0.3', '0.4']);
    // A ladder of 60% in all keeps covering 60% of the position.
    expect(text(resizedLadder(new Decimal('1'), d([30, 30]), [], new Decimal('0.01')))).toEqual(['0.3', '0.3']);
    // The remainder of the rounding goes on the last level.
    expect(text(resizedLadder(new Decimal('0.007'), d([33.33, 33.33, 33.34]), [], new Decimal('0.001')))).toEqual([
      '0.002',
      '0.002',
      '0.003',
    ]);
  });

  it('derives the next client algo id', () => {
    expect(resizedClientAlgoId('tvb_abc_tp1')).toBe('tvb_abc_tp1-r1');
    expect(resizedClientAlgoId('tvb_abc_tp1-r1')).toBe('tvb_abc_tp1-r2');
    expect(resizedClientAlgoId('tvb_abc_ts-r9')).toBe('tvb_abc_ts-r10');
  });
});
