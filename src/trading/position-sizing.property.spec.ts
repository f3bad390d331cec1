/** Property tests of the sizing over random balances, prices and filters (fast-check). */
import fc from 'fast-check';
import Decimal from 'decimal.js';
import { computeQuantity, SizingError } from './position-sizing';

const decimal = (min: number, max: number, places: number) =>
  fc.integer({ min: Math.round(min * 10 ** places), max: Math.round(max * 10 ** places) }).map((n) => new Decimal(n).div(10 ** places));

const rules = fc
  .record({
    stepExponent: fc.integer({ min: -3, max: 2 }),
    minSteps: fc.integer({ min: 1, max: 10 }),
    maxSteps: fc.integer({ min: 1000, max: 10_000_000 }),
    minNotional: fc.constantFrom('0', '5', '20', '100'),
  })
  .map(({ stepExponent, minSteps, maxSteps, minNotional }) => {
    const step = new Decimal(10).pow(stepExponent);
    return { symbol: 'TESTUSDT', baseAsset: 'TEST', marketStepSize: step, marketMinQty: step.mul(minSteps), marketMaxQty: step.mul(maxSteps), minNotional: new Decimal(minNotional) };
  });

describe('position sizing properties', () => {
  it('is a multiple of the step, within the limits, above the minimum notional and never above balance × % × leverage; or a clear refusal', () => {
    fc.assert(
      fc.property(decimal(0.01, 1_000_000, 2), decimal(0.01, 1, 4), fc.integer({ min: 1, max: 125 }), decimal(0.0000001, 100_000, 7), rules, (balance, pct, leverage, price, r) => {
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
            expect(() => computeQuantity({ balance, balancePercentage: refusal.smallestBalancePercentage!, leverage, price, rules: r })).not.toThrow();
          }
        }
      }),
      { numRuns: Number(process.env.CHAOS_RUNS ?? 2000) },
    );
  });
});
