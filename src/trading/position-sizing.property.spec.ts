/** Property tests of the sizing over random balances, prices and filters (fast-check). */
import fc from 'fast-check';
import Decimal from 'decimal.js';
import { computeQuantity, Sizing, SizingError } from './position-sizing';

const decimal = (min: number, max: number, places: number) =>
  fc
    .integer({ min: Math.round(min * 10 ** places), max: Math.round(max * 10 ** places) })
    .map((n) => new Decimal(n).div(10 ** places));

const rules = fc
  .record({
    stepExponent: fc.integer({ min: -3, max: 2 }),
    minSteps: fc.integer({ min: 1, max: 10 }),
    maxSteps: fc.integer({ min: 1000, max: 10_000_000 }),
    minNotional: fc.constantFrom('0', '5', '20', '100'),
  })
  .map(({ stepExponent, minSteps, maxSteps, minNotional }) => {
    const step = new Decimal(10).pow(stepExponent);
    return {
      symbol: 'TESTUSDT',
      baseAsset: 'TEST',
      marketStepSize: step,
      marketMinQty: step.mul(minSteps),
      marketMaxQty: step.mul(maxSteps),
      minNotional: new Decimal(minNotional),
    };
  });

describe('position sizing properties', () => {
  it('is a step multiple within the limits, above min notional, never above balance × % × leverage; or refused', () => {
    fc.assert(
      fc.property(
        decimal(0.01, 1_000_000, 2),
        decimal(0.01, 1, 4),
        fc.integer({ min: 1, max: 125 }),
        decimal(0.0000001, 100_000, 7),
        rules,
        (balance, pct, leverage, price, r) => {
          fc.pre(price.gt(0));
          try {
            const s = computeQuantity({ balance, balancePercentage: pct, leverage, price, rules: r });
            expect(s.quantity.mod(r.marketStepSize).isZero()).toBe(true);
            expect(s.quantity.gte(r.marketMinQty)).toBe(true);
            expect(s.quantity.lte(r.marketMaxQty)).toBe(true);
            expect(s.quantity.mul(price).gte(r.minNotional)).toBe(true);
            expect(s.quantity.mul(price).lte(balance.mul(pct).mul(leverage))).toBe(true);
            expect(s.capped).toBe(s.rawQuantity.gt(r.marketMaxQty));
          } catch (error) {
            expect(error).toBeInstanceOf(SizingError);
            const refusal = error as SizingError;
            expect(['below-min-quantity', 'below-min-notional']).toContain(refusal.reason);
            expect(refusal.message).toMatch(/below the minimum|worth less than the minimum notional/);
            expect(refusal.suggestions.length).toBeGreaterThan(0);
            // The smallest percentage named does pass (when it is a valid percentage).
            const smallest = refusal.smallestBalancePercentage;
            if (smallest && smallest.lte(1) && smallest.gte(0.01)) {
              expect(() =>
                computeQuantity({
                  balance,
                  balancePercentage: refusal.smallestBalancePercentage!,
                  leverage,
                  price,
                  rules: r,
                }),
              ).not.toThrow();
            }
          }
        },
      ),
      { numRuns: Number(process.env.CHAOS_RUNS ?? 2000) },
    );
  });

  it('with a margin room: margin plus fee fit it whenever the asked margin alone does; else sized as asked', () => {
    fc.assert(
      fc.property(
        decimal(1, 1_000_000, 2),
        decimal(0.01, 1, 4),
        fc.integer({ min: 1, max: 125 }),
        decimal(0.01, 100_000, 4),
        rules,
        decimal(0, 1.2, 4),
        decimal(0, 0.05, 4),
        fc.constantFrom('0', '0.0002', '0.0005', '0.001'),
        (balance, pct, leverage, price, r, availableShare, deductionShare, feeRate) => {
          const room = {
            available: balance.mul(availableShare),
            deductions: balance.mul(deductionShare),
            takerFeeRate: new Decimal(feeRate),
          };
          const asked = balance.mul(pct).mul(leverage);
          const input = { balance, balancePercentage: pct, leverage, price, rules: r };
          const plain = attempt(() => computeQuantity(input));
          const sized = attempt(() => computeQuantity({ ...input, room }));
          if (asked.div(leverage).gt(room.available)) {
            // Does not fit even without fees: left to the exchange to refuse, as asked.
            if (plain instanceof SizingError) expect((sized as SizingError).message).toBe(plain.message);
            else expect((sized as Sizing).quantity.eq(plain.quantity) && !(sized as Sizing).feeCapped).toBe(true);
            return;
          }
          if (sized instanceof SizingError) {
            expect(['below-min-quantity', 'below-min-notional']).toContain(sized.reason);
            return;
          }
          const notional = sized.quantity.mul(price);
          const fits = Decimal.max(0, room.available.sub(room.deductions));
          expect(notional.div(leverage).add(notional.mul(feeRate)).lte(fits)).toBe(true);
          expect(notional.lte(asked)).toBe(true);
          expect(sized.openingFee!.eq(notional.mul(feeRate))).toBe(true);
          expect(sized.feeCapped).toBe(asked.div(leverage).add(asked.mul(feeRate)).gt(fits));
          if (!sized.feeCapped) expect((plain as Sizing).quantity.eq(sized.quantity)).toBe(true);
        },
      ),
      { numRuns: Number(process.env.CHAOS_RUNS ?? 2000) },
    );
  });

  it('sizes balance_percentage 1.0 so that 100% of the balance pays margin and fee exactly, never more', () => {
    const r = {
      symbol: 'BTCUSDT',
      baseAsset: 'BTC',
      marketStepSize: new Decimal('0.001'),
      marketMinQty: new Decimal('0.001'),
      marketMaxQty: new Decimal(120),
      minNotional: new Decimal(100),
    };
    const room = { available: new Decimal(1000), deductions: new Decimal(0), takerFeeRate: new Decimal('0.0005') };
    const balance = new Decimal(1000);
    const price = new Decimal(50000);
    const s = computeQuantity({ balance, balancePercentage: new Decimal(1), leverage: 10, price, rules: r, room });
    // 1000 / (0.1 + 0.0005) = 9950.2487… USDT → 0.199 BTC; 0.2 BTC would need 1000 margin + 5 fee.
    expect(s.positionValue.toFixed(6)).toBe('9950.248756');
    expect(s.quantity.toString()).toBe('0.199');
    expect(s.feeCapped).toBe(true);
    expect(s.openingFee!.toString()).toBe('4.975');
  });
});

function attempt<T>(fn: () => T): T | SizingError {
  try {
    return fn();
  } catch (error) {
    if (error instanceof SizingError) return error;
    throw error;
  }
}
