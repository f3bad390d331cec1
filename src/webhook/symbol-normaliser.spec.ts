import { canonicalSymbol, closestSymbols, normaliseSymbol } from './symbol-normaliser';

const TRADABLE = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT', 'DOGEUSDT', '1000PEPEUSDT', 'BNBUSDT'];

describe('symbol normalisation', () => {
  it.each([
    ['BTCUSDT', 'BTCUSDT'],
    ['btc', 'BTCUSDT'],
    ['  eth  ', 'ETHUSDT'],
    ['BTCUSDT.P', 'BTCUSDT'],
    ['BINANCE:ETHUSDT.P', 'ETHUSDT'],
    ['binance:solusdt', 'SOLUSDT'],
    ['BTCUSDTPERP', 'BTCUSDT'],
    ['BTCUSDT.PERP', 'BTCUSDT'],
    ['BTCUSDTUSDT', 'BTCUSDT'],
    ['BTCUSDT.PUSDT', 'BTCUSDT'],
    ['ETHUSDT.PUSDT', 'ETHUSDT'],
    ['BTC/USDT', 'BTCUSDT'],
    ['1000PEPE', '1000PEPEUSDT'],
    ['USDT', 'USDTUSDT'],
  ])('%s → %s', (raw, expected) => {
    expect(canonicalSymbol(raw)).toBe(expected);
  });

  it('accepts tradable symbols and suggests the closest for others', () => {
    expect(normaliseSymbol('BINANCE:BTCUSDT.P', TRADABLE)).toEqual({ ok: true, symbol: 'BTCUSDT' });
    const pepe = normaliseSymbol('PEPE', TRADABLE);
    expect(pepe).toMatchObject({ ok: false, candidate: 'PEPEUSDT' });
    expect(pepe.ok === false && pepe.suggestions[0]).toBe('1000PEPEUSDT');
    const typo = normaliseSymbol('ETHUSTD', TRADABLE);
    expect(typo.ok === false && typo.suggestions).toContain('ETHUSDT');
  });

  it('always returns at most three suggestions', () => {
    expect(closestSymbols('ZZZUSDT', TRADABLE)).toHaveLength(3);
  });
});
