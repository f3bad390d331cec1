import { toLeverageResult, toSymbolBracketsList } from './binance-mappers';

describe('binance mappers: leverage and brackets', () => {
  it('reads maxNotionalValue "INF" as no limit', () => {
    const result = toLeverageResult({ symbol: 'BTCUSDT', leverage: 5, maxNotionalValue: 'INF' });
    expect(result.maxNotionalValue.isFinite()).toBe(false);
    const capped = toLeverageResult({ symbol: 'BTCUSDT', leverage: 20, maxNotionalValue: '20000000' });
    expect(capped.maxNotionalValue.toString()).toBe('20000000');
  });

  it('reads the list of every symbol and the single object Binance answers for one symbol', () => {
    const bracket = { bracket: 1, initialLeverage: 125, notionalCap: 50000, notionalFloor: 0, maintMarginRatio: 0.004 };
    const [btc] = toSymbolBracketsList([{ symbol: 'BTCUSDT', brackets: [bracket] }]);
    expect(btc.brackets[0].notionalCap.toString()).toBe('50000');
    const unlimited = [{ ...bracket, notionalCap: 'INF' }];
    const one = toSymbolBracketsList({ symbol: 'ETHUSDT', notionalCoef: 1.5, brackets: unlimited });
    expect(one).toHaveLength(1);
    expect(one[0]).toMatchObject({ symbol: 'ETHUSDT' });
    expect(one[0].brackets[0].notionalCap.isFinite()).toBe(false);
    expect(toSymbolBracketsList({ code: -1000, msg: 'x' })).toEqual([]);
  });
});
