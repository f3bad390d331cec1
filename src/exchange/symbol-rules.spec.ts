import { exchangeInfoJson } from './paper/market-catalogue';
import { toSymbolRulesList } from './binance/binance-mappers';
import { isTradablePerpetual } from './symbol-rules';

describe('symbol rules from exchangeInfo', () => {
  const rules = toSymbolRulesList(exchangeInfoJson(0));
  const bySymbol = (s: string) => rules.find((r) => r.symbol === s)!;

  it('reads LOT_SIZE, MARKET_LOT_SIZE, MIN_NOTIONAL and PRICE_FILTER exactly', () => {
    const sol = bySymbol('SOLUSDT');
    expect([sol.lotStepSize, sol.lotMinQty, sol.lotMaxQty].map(String)).toEqual(['1', '1', '1000000']);
    expect([sol.marketStepSize, sol.marketMinQty, sol.marketMaxQty].map(String)).toEqual(['1', '1', '5000']);
    expect(sol.minNotional.toString()).toBe('5');
    expect(bySymbol('1000PEPEUSDT').tickSize.toString()).toBe('1e-7');
  });

  it('falls back to LOT_SIZE when MARKET_LOT_SIZE is absent', () => {
    const [only] = toSymbolRulesList({
      symbols: [
        {
          symbol: 'X',
          status: 'TRADING',
          contractType: 'PERPETUAL',
          baseAsset: 'X',
          quoteAsset: 'USDT',
          pricePrecision: 2,
          quantityPrecision: 1,
          filters: [{ filterType: 'LOT_SIZE', stepSize: '0.1', minQty: '0.1', maxQty: '99' }],
        },
      ],
    });
    expect(only.marketStepSize.toString()).toBe('0.1');
    expect(only.marketMaxQty.toString()).toBe('99');
  });

  it('only TRADING perpetuals are tradable', () => {
    expect(isTradablePerpetual(bySymbol('BTCUSDT'))).toBe(true);
    expect(isTradablePerpetual(bySymbol('BTCUSDT_261225'))).toBe(false);
    expect(isTradablePerpetual(bySymbol('LUNAUSDT'))).toBe(false);
  });
});
