import Decimal from 'decimal.js';
import { SignalRejection } from '../common/signal-rejection';
import { exchangeErrorFromBinance } from '../exchange/exchange-error';
import type { SymbolBrackets } from '../exchange/exchange.port';
import { bracketRoom, explainSettingError, notionalCapFor, openFitsBeforeClose } from './account-settings';
import { resolveMarginType } from './account-settings';

const BTC: SymbolBrackets = {
  symbol: 'BTCUSDT',
  brackets: [
    [125, '50000'],
    [100, '250000'],
    [50, '3000000'],
    [20, '20000000'],
    [1, 'Infinity'],
  ].map(([l, cap], i, all) => ({
    initialLeverage: Number(l),
    notionalCap: new Decimal(cap),
    notionalFloor: new Decimal(i ? all[i - 1][1] : 0),
  })),
};

describe('resolveMarginType', () => {
  it('keeps the asked or default margin type outside Multi-Assets mode', () => {
    expect(resolveMarginType(undefined, 'ISOLATED', false)).toEqual({ marginType: 'ISOLATED' });
    expect(resolveMarginType('CROSSED', 'ISOLATED', true)).toEqual({ marginType: 'CROSSED' });
  });

  it('trades CROSSED with a note when only the default was ISOLATED', () => {
    const resolved = resolveMarginType(undefined, 'ISOLATED', true);
    expect(resolved.marginType).toBe('CROSSED');
    expect(resolved.note).toMatch(/Multi-Assets/);
  });

  it('refuses a signal that asked for ISOLATED itself with a 422', () => {
    expect(() => resolveMarginType('ISOLATED', 'CROSSED', true)).toThrow(SignalRejection);
    try {
      resolveMarginType('ISOLATED', 'CROSSED', true);
    } catch (error) {
      expect(error).toMatchObject({ httpStatus: 422, code: 'MARGIN_TYPE_UNAVAILABLE' });
    }
  });
});

describe('leverage brackets', () => {
  it('takes the cap of the last bracket that allows the leverage', () => {
    expect(notionalCapFor(BTC, 125)!.toString()).toBe('50000');
    expect(notionalCapFor(BTC, 101)!.toString()).toBe('50000');
    expect(notionalCapFor(BTC, 100)!.toString()).toBe('250000');
    expect(notionalCapFor(BTC, 20)!.toString()).toBe('20000000');
    expect(notionalCapFor(BTC, 126)).toBeUndefined();
    expect(notionalCapFor(undefined, 10)).toBeUndefined();
  });

  it('leaves room for what is held, never below 0, and none for an unlimited ("INF") cap', () => {
    expect(bracketRoom(BTC, 125, new Decimal('20000'))!.toString()).toBe('30000');
    expect(bracketRoom(BTC, 125, new Decimal('60000'))!.toString()).toBe('0');
    expect(bracketRoom(BTC, 1, new Decimal('0'))).toBeUndefined();
  });
});

describe('openFitsBeforeClose', () => {
  it('needs the margin, a fee allowance and a price-move allowance from the balance before the close', () => {
    // 20x on 200000 notional: 10000 margin, ×1.02 = 10200, + 200 fee allowance = 10400
    expect(openFitsBeforeClose(new Decimal('10400'), new Decimal('200000'), 20)).toBe(true);
    expect(openFitsBeforeClose(new Decimal('10399'), new Decimal('200000'), 20)).toBe(false);
  });
});

describe('explainSettingError', () => {
  it('turns -4161 into advice naming the leverage in use', () => {
    const message = 'Leverage reduction is not supported in Isolated Margin Mode with open positions.';
    const refusal = exchangeErrorFromBinance(-4161, message, 400);
    const explained = explainSettingError(refusal, 20, 5) as Error & { suggestions: string[]; code: number };
    expect(explained.code).toBe(-4161);
    expect(explained.message).toMatch(/uses 20x; the signal asked for 5x/);
    expect(explained.suggestions[0]).toMatch(/leverage 20 or more/);
  });

  it("keeps a paper account's refusal the paper exchange's, not Binance's", () => {
    const refusal = exchangeErrorFromBinance(-4161, 'Leverage reduction is not supported.', 400).onPaper();
    const explained = explainSettingError(refusal, 20, 5) as Error;
    expect(explained.message).toMatch(/^Paper exchange error \(Code -4161\), as Binance would answer: /);
  });
});
