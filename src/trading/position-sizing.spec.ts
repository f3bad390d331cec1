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

  it("names the alert's smallest balance_percentage for an account whose multiplier scaled it", () => {
    // The trader's case: alert 0.0251 × multiplier 0.5 on 1000 USDT at 4x → 50.2 USDT, under 100.
    const m = d('0.5');
    const input = { balance: d('1000'), leverage: 4, price: d('50000'), rules: BTC, sizingMultiplier: m };
    const error = sizingError(() => computeQuantity({ ...input, balancePercentage: d('0.0251').mul(m) }));
    expect(error.reason).toBe('below-min-notional');
    // 0.002 BTC × 50000 / (1000 × 4 × 0.5) = 0.05: the alert's value, not the account's 0.025.
    expect(error.smallestBalancePercentage!.toString()).toBe('0.05');
    expect(error.message).toContain(
      "the smallest balance_percentage that would pass is 0.05 (× this account's sizing multiplier 0.5)",
    );
    expect(error.suggestions[0]).toBe("Use balance_percentage 0.05 or more (× this account's sizing multiplier 0.5)");
    // Sent, it passes for this account.
    const passes = computeQuantity({ ...input, balancePercentage: error.smallestBalancePercentage!.mul(m) });
    expect(passes.notional.gte(100)).toBe(true);
  });

  it("rounds the alert's smallest value up: a multiplier of 0.3 needs 0.0834, which passes", () => {
    const m = d('0.3');
    const input = { balance: d('1000'), leverage: 4, price: d('50000'), rules: BTC, sizingMultiplier: m };
    const error = sizingError(() => computeQuantity({ ...input, balancePercentage: d('0.05').mul(m) }));
    expect(error.smallestBalancePercentage!.toString()).toBe('0.0834');
    expect(computeQuantity({ ...input, balancePercentage: d('0.0834').mul(m) }).quantity.toString()).toBe('0.002');
    expect(() => computeQuantity({ ...input, balancePercentage: d('0.0833').mul(m) })).toThrow(SizingError);
  });

  it("names the alert's smallest quantity for a scaled account, on the step", () => {
    const m = d('0.3');
    const error = sizingError(() =>
      computeQuantity({
        balance: d('1000'),
        mode: { kind: 'quantity', quantity: d('0.004').mul(m) },
        leverage: 4,
        price: d('50000'),
        rules: BTC,
        sizingMultiplier: m,
      }),
    );
    // 0.002 / 0.3 = 0.00666…, up to the step: 0.007 (× 0.3 = 0.0021, down to 0.002: passes).
    expect(error.suggestions[0]).toBe(
      "Use quantity 0.007 or more (usdt 350 or more) (× this account's sizing multiplier 0.3)",
    );
  });

  it("caps at the account's maximum position value and names it, not the leverage bracket", () => {
    const sizing = computeQuantity({
      balance: d('10000'),
      balancePercentage: d('0.5'),
      leverage: 20,
      price: d('50000'),
      rules: BTC,
      maxNotional: d('250000'),
      accountCap: { maxPositionValue: d('5000'), held: d('1000') },
    });
    expect(sizing).toMatchObject({ capped: true, cappedBy: 'max-position-value' });
    expect(sizing.quantity.toString()).toBe('0.08');
    expect(sizing.maxNotional!.toString()).toBe('4000');
    expect(sizing.maxPositionValue!.toString()).toBe('5000');
    // The bracket, when it is the smaller room, is named as the bracket.
    const bracket = computeQuantity({
      balance: d('10000'),
      balancePercentage: d('0.5'),
      leverage: 20,
      price: d('50000'),
      rules: BTC,
      maxNotional: d('3000'),
      accountCap: { maxPositionValue: d('5000'), held: d('1000') },
    });
    expect(bracket).toMatchObject({ cappedBy: 'max-notional', maxPositionValue: undefined });
    expect(bracket.maxNotional!.toString()).toBe('3000');
  });

  it("refuses when the account's maximum leaves less than the minimum order, naming the account's maximum", () => {
    const error = sizingError(() =>
      computeQuantity({
        balance: d('10000'),
        balancePercentage: d('0.5'),
        leverage: 20,
        price: d('50000'),
        rules: BTC,
        accountCap: { maxPositionValue: d('5000'), held: d('4950') },
      }),
    );
    expect(error.reason).toBe('above-max-position');
    expect(error.message).toMatch(/^This account's maximum position value on BTCUSDT is 5000 USDT \(4950 USDT held\)/);
    expect(error.message).not.toMatch(/bracket/);
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
