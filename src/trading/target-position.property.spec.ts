/**
 * Target positions over random accounts, targets and filters (fast-check): the
 * orders of a plan, executed one by one on a model of Binance's rules, end at
 * the target rounded down to the step, or nothing is sent and the refusal says
 * why; no reduce-only or position-side close ever flips a position.
 */
import fc from 'fast-check';
import Decimal from 'decimal.js';
import type { PositionMode } from '../exchange/exchange.port';
import {
  asOneWayReversal,
  HeldSides,
  MarketPosition,
  pieces,
  planTarget,
  TargetLeg,
  TargetRules,
} from './target-position';
import { roundDownToStep } from './position-sizing';

const rulesArb = fc
  .record({
    stepExponent: fc.integer({ min: -3, max: 1 }),
    minSteps: fc.integer({ min: 1, max: 5 }),
    maxSteps: fc.integer({ min: 200, max: 5000 }),
    minNotional: fc.constantFrom('0', '5', '20', '100'),
  })
  .map(({ stepExponent, minSteps, maxSteps, minNotional }): TargetRules => {
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

/** A quantity in steps of the rules, sometimes zero, sometimes above the market lot maximum. */
const stepsArb = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 5_000 }));

/** Applies one order as Binance would, failing the test on anything Binance would refuse or a flip by a close. */
function execute(held: HeldSides, mode: PositionMode, leg: TargetLeg, quantity: Decimal): HeldSides {
  if (mode === 'hedge') {
    const side = leg.positionSide === 'LONG' ? 'long' : 'short';
    const opens = (leg.positionSide === 'LONG') === (leg.side === 'BUY');
    expect(leg.reduceOnly).toBe(false);
    if (opens) return { ...held, [side]: held[side].add(quantity) };
    // A hedge close larger than the side is refused (-2022): the plan must never send one.
    expect(quantity.lte(held[side])).toBe(true);
    return { ...held, [side]: held[side].sub(quantity) };
  }
  expect(leg.positionSide).toBe('BOTH');
  const net = held.long.sub(held.short);
  const delta = leg.side === 'BUY' ? quantity : quantity.neg();
  if (leg.reduceOnly) {
    // Reduce-only: must reduce, and never past zero (that would be a flip).
    expect(net.isZero()).toBe(false);
    expect(net.isNegative()).not.toBe(delta.isNegative());
    expect(quantity.lte(net.abs())).toBe(true);
  }
  const after = net.add(delta);
  return { long: after.gt(0) ? after : new Decimal(0), short: after.lt(0) ? after.neg() : new Decimal(0) };
}

describe('target position properties', () => {
  it('ends at the target rounded to the step, or sends nothing with a reason; closes never flip', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<PositionMode>('one-way', 'hedge'),
        rulesArb,
        stepsArb,
        stepsArb,
        fc.constantFrom<MarketPosition>('long', 'short', 'flat'),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.boolean(),
        (mode, rules, longSteps, shortSteps, target, targetSteps, extraDigits, priceUnits, combine) => {
          const step = rules.marketStepSize;
          const held: HeldSides =
            mode === 'hedge'
              ? { long: step.mul(longSteps), short: step.mul(shortSteps) }
              : longSteps >= shortSteps
                ? { long: step.mul(longSteps - shortSteps), short: new Decimal(0) }
                : { long: new Decimal(0), short: step.mul(shortSteps - longSteps) };
          // Sizes off the step too: the plan must round them down.
          const size = step.mul(targetSteps).add(step.mul(extraDigits).div(10));
          const price = new Decimal(priceUnits).div(100);
          const plan = planTarget({ mode, held, target, size, price, rules });
          const expected = target === 'flat' ? new Decimal(0) : roundDownToStep(size, step);
          const wantLong = target === 'long' ? expected : new Decimal(0);
          const wantShort = target === 'short' ? expected : new Decimal(0);

          if (plan.kind === 'refused') {
            expect(plan.message).toMatch(/nothing was sent/);
            return;
          }
          if (plan.kind === 'at-target') {
            expect(held.long.eq(wantLong) && held.short.eq(wantShort)).toBe(true);
            return;
          }
          let state = held;
          const reversal = combine && mode === 'one-way' ? asOneWayReversal(plan, rules) : undefined;
          const steps = reversal ? [[reversal]] : [plan.reduce, plan.increase];
          for (const legs of steps) {
            for (const leg of legs) {
              for (const quantity of pieces(leg, rules)) {
                expect(quantity.gt(0)).toBe(true);
                expect(quantity.mod(step).isZero()).toBe(true);
                expect(quantity.lte(rules.marketMaxQty)).toBe(true);
                const closesWhole =
                  (leg.purpose === 'CLOSE_LONG' && leg.quantity.eq(held.long)) ||
                  (leg.purpose === 'CLOSE_SHORT' && leg.quantity.eq(held.short));
                if (!closesWhole) expect(quantity.gte(rules.marketMinQty)).toBe(true);
                state = execute(state, mode, leg, quantity);
              }
            }
          }
          expect(state.long.toString()).toBe(wantLong.toString());
          expect(state.short.toString()).toBe(wantShort.toString());
        },
      ),
      { numRuns: 1500 },
    );
  });
});
