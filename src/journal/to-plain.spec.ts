import Decimal from 'decimal.js';
import { toPlain } from './signal-journal';

describe('toPlain (rows as stored)', () => {
  it('turns decimals and dates into strings and drops undefined', () => {
    const at = new Date('2026-11-28T00:00:00.000Z');
    expect(toPlain({ price: new Decimal('0.1'), at, gone: undefined, n: 3 })).toEqual({
      price: '0.1',
      at: '2026-11-28T00:00:00.000Z',
      n: 3,
    });
  });

  it('replaces NUL in keys and values, however deep, and leaves the text "\\u0000" alone', () => {
    const row = { 'a\u0000b': 'x\u0000y', list: [{ deep: '\u0000' }], text: 'a\\u0000b' };
    expect(toPlain(row)).toEqual({ 'a\uFFFDb': 'x\uFFFDy', list: [{ deep: '\uFFFD' }], text: 'a\\u0000b' });
    expect(toPlain({ text: 'a\\u0000b' })).toEqual({ text: 'a\\u0000b' });
  });
});
