import Decimal from 'decimal.js';
import { computeQuantity, roundDownToStep, SizingError } from './position-sizing';

const BTC = {
  symbol: 'BTCUSDT',
  baseAsset: 'BTC',
  marketStepSize: new Decimal('0.001'),
  marketMinQty: new Decimal('0.001'),
  marketMaxQty: new Decimal('120'),
  minNotional: new Decimal('100'),
};
const SOL = {
  symbol: 'SOLUSDT',
  baseAsset: 'SOL',
  marketStepSize: new Decimal('1'),
  marketMinQty: new Decimal('1'),
  marketMaxQty: new Decimal('5000'),
  minNotional: new Decimal('5'),
};
const d = (v: string) => new Decimal(v);

function sizingError(fn: () => unknown): SizingError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SizingError) return error;
    throw error;
  }
  throw new Error('expected a SizingError');
}

describe('position sizing', () => {
  it('is the documented worked example: 1000 USDT × 0.25 × 10 at 50000 → 0.05 BTC', () => {
    const sizing = computeQuantity({
      balance: d('1000'),
      balancePercentage: d('0.25'),
      leverage: 10,
      price: d('50000'),
      rules: BTC,
    });
    expect(sizing.positionValue.toString()).toBe('2500');
    expect(sizing.quantity.toString()).toBe('0.05');
    expect(sizing.notional.toString()).toBe('2500');
    expect(sizing.capped).toBe(false);
  });

  it('rounds down to the step, never up', () => {
    const sizing = computeQuantity({
      balance: d('1000'),
      balancePercentage: d('0.25'),
      leverage: 10,
      price: d('50123.45'),
      rules: BTC,
    });
    expect(sizing.rawQuantity.toDecimalPlaces(10).toString()).toBe('0.049876854');
    expect(sizing.quantity.toString()).toBe('0.049');
  });

  it('has no binary float error: 0.1 + 0.2 style inputs stay exact', () => {
    const sizing = computeQuantity({
      balance: d('300.3'),
      balancePercentage: d('0.1'),
      leverage: 3,
      price: d('0.3'),
      rules: SOL,
    });
    expect(sizing.positionValue.toString()).toBe('90.09');
    expect(sizing.rawQuantity.toString()).toBe('300.3');
    expect(sizing.quantity.toString()).toBe('300');
  });

  it('caps at the maximum market quantity and says so', () => {
    const sizing = computeQuantity({
      balance: d('10000000'),
      balancePercentage: d('1'),
      leverage: 125,
      price: d('50000'),
      rules: BTC,
    });
    expect(sizing.quantity.toString()).toBe('120');
    expect(sizing.capped).toBe(true);
  });

  it('refuses below the minimum quantity, naming the numbers and the smallest percentage', () => {
    const error = sizingError(() =>
      computeQuantity({ balance: d('10'), balancePercentage: d('0.01'), leverage: 1, price: d('50000'), rules: BTC }),
    );
    expect(error.reason).toBe('below-min-quantity');
    expect(error.message).toContain('below the minimum 0.001 BTC for BTCUSDT');
    expect(error.message).toContain('position value 0.1 USDT at price 50000');
    // 0.002 BTC (the least quantity worth 100 USDT) × 50000 / (10 × 1) = 10 → more than 100%
    expect(error.smallestBalancePercentage!.toString()).toBe('10');
    expect(error.suggestions[0]).toMatch(/Even 100% of the balance is not enough/);
  });

  it('refuses below the minimum notional with the smallest percentage that passes', () => {
    const error = sizingError(() =>
      computeQuantity({ balance: d('1000'), balancePercentage: d('0.01'), leverage: 5, price: d('50000'), rules: BTC }),
    );
    expect(error.reason).toBe('below-min-notional');
    expect(error.message).toContain(
      'Order notional 50 USDT (0.001 BTC at 50000) is below the minimum notional 100 USDT',
    );
    expect(error.smallestBalancePercentage!.toString()).toBe('0.02');
    const passes = computeQuantity({
      balance: d('1000'),
      balancePercentage: error.smallestBalancePercentage!,
      leverage: 5,
      price: d('50000'),
      rules: BTC,
    });
    expect(passes.notional.gte(100)).toBe(true);
  });

  it('refuses an empty balance', () => {
    expect(
      sizingError(() =>
        computeQuantity({ balance: d('0'), balancePercentage: d('0.5'), leverage: 5, price: d('100'), rules: SOL }),
      ).reason,
    ).toBe('no-balance');
  });

  it.each([
    ['0.0499', '0.001', '0.049'],
    ['0.05', '0.001', '0.05'],
    ['123.456', '0.1', '123.4'],
    ['7', '5', '5'],
    ['0.0000999', '0.0001', '0'],
  ])('roundDownToStep(%s, %s) = %s', (value, step, expected) => {
    expect(roundDownToStep(d(value), d(step)).toString()).toBe(expected);
  });
});
