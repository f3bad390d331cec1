/**
 * Property tests (fast-check) of the money math of protection: the take-profit
 * ladder's quantities, risk sizing's loss at the stop, the tick rounding and
 * the side checks of the plan, over random prices, steps and filters.
 */
import fc from 'fast-check';
import Decimal from 'decimal.js';
import { SignalRejection } from '../../common/signal-rejection';
import { computeQuantity, SizingError } from '../position-sizing';
import { breakEvenPrice } from './break-even';
import { planProtection, roundToTick } from './protection-plan';
import { resizedLadder } from './protection-resizer';
import { ladderQuantities } from './take-profit-ladder';

const RUNS = { numRuns: Number(process.env.CHAOS_RUNS ?? 1000) };
const decimal = (min: number, max: number, places: number) =>
  fc
    .integer({ min: Math.round(min * 10 ** places), max: Math.round(max * 10 ** places) })
    .map((n) => new Decimal(n).div(10 ** places));
const step = fc.integer({ min: -4, max: 1 }).map((e) => new Decimal(10).pow(e));
/** Level sizes in percent (whole or with decimals) adding up to at most 100, or exactly 100. */
const sizes = fc
  .array(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 5 })
  .chain((weights) =>
    fc.boolean().map((full) => {
      const total = weights.reduce((a, b) => a + b, 0);
      const scale = full ? 100 : 100 * Math.min(1, weights.length / 5);
      const raw = weights.map((w) => new Decimal(w).mul(scale).div(total).toDecimalPlaces(2, Decimal.ROUND_DOWN));
      if (full) raw[raw.length - 1] = new Decimal(100).sub(raw.slice(0, -1).reduce((a, b) => a.add(b), new Decimal(0)));
      return raw.filter((s) => s.gt(0));
    }),
  )
  .filter((s) => s.length > 0);

describe('take-profit ladder properties', () => {
  it('each level on the step, never negative; all of the quantity at 100%, else the share rounded down', () => {
    fc.assert(
      fc.property(step, fc.integer({ min: 1, max: 10_000_000 }), sizes, (s, steps, levels) => {
        const total = s.mul(steps);
        const quantities = ladderQuantities(total, levels, s);
        expect(quantities).toHaveLength(levels.length);
        const sum = quantities.reduce((a, b) => a.add(b), new Decimal(0));
        const percent = levels.reduce((a, b) => a.add(b), new Decimal(0));
        for (const q of quantities) {
          expect(q.gte(0)).toBe(true);
          expect(q.mod(s).isZero()).toBe(true);
        }
        if (percent.eq(100)) expect(sum.eq(total)).toBe(true);
        else expect(sum.eq(total.mul(percent).div(100).div(s).floor().mul(s))).toBe(true);
        expect(sum.lte(total)).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('risk sizing properties', () => {
  it('never loses more than the risk percentage of the balance at the stop price (fees aside)', () => {
    fc.assert(
      fc.property(
        decimal(10, 1_000_000, 2),
        decimal(0.0001, 0.1, 4),
        fc.integer({ min: 1, max: 125 }),
        decimal(0.001, 100_000, 3),
        decimal(0.1, 50, 2),
        fc.boolean(),
        step,
        fc.constantFrom('0', '5', '100'),
        (balance, risk, leverage, price, distancePercent, long, s, minNotional) => {
          const distance = price.mul(distancePercent).div(100);
          const stopPrice = long ? price.sub(distance) : price.add(distance);
          fc.pre(distance.gt(0) && stopPrice.gt(0));
          const rules = {
            symbol: 'TESTUSDT',
            baseAsset: 'TEST',
            marketStepSize: s,
            marketMinQty: s,
            marketMaxQty: s.mul(1e7),
            minNotional: new Decimal(minNotional),
          };
          try {
            const sizing = computeQuantity({
              balance,
              mode: { kind: 'risk_percentage', fraction: risk },
              stopPrice,
              leverage,
              price,
              rules,
            });
            const lossAtStop = sizing.quantity.mul(price.sub(stopPrice).abs());
            expect(lossAtStop.lte(balance.mul(risk))).toBe(true);
            // Capped by the leverage: the position value never needs more margin than the balance.
            expect(sizing.quantity.mul(price).lte(balance.mul(leverage))).toBe(true);
            expect(sizing.quantity.mod(s).isZero()).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(SizingError);
          }
        },
      ),
      RUNS,
    );
  });
});

describe('protection plan properties', () => {
  const rulesFor = (tick: Decimal) => ({
    tickSize: tick,
    minPrice: tick,
    maxPrice: new Decimal(0),
    marketStepSize: new Decimal('0.001'),
    marketMinQty: new Decimal('0.001'),
    marketMaxQty: new Decimal(1000),
    baseAsset: 'TEST',
  });

  it('places every trigger on the tick and on the protective side of the price, or refuses before any order', () => {
    fc.assert(
      fc.property(
        decimal(1, 100_000, 2),
        fc.constantFrom('0.01', '0.1', '1', '0.0001').map((t) => new Decimal(t)),
        decimal(0.01, 99, 2),
        decimal(0.01, 500, 2),
        fc.boolean(),
        fc.boolean(),
        (price, tick, stopPercent, targetPercent, long, hedge) => {
          const rules = rulesFor(tick);
          try {
            const plan = planProtection({
              request: {
                stopLoss: { percent: stopPercent },
                takeProfits: [{ target: { percent: targetPercent }, sizePercent: new Decimal(100) }],
                breakEven: false,
                workingType: 'MARK_PRICE',
              },
              symbol: 'TESTUSDT',
              direction: long ? 'LONG' : 'SHORT',
              reference: price,
              quantity: new Decimal(1),
              rules,
              mode: hedge ? 'hedge' : 'one-way',
              clientAlgoId: (code) => code,
            });
            const [stop, target] = plan;
            for (const p of plan) {
              expect(p.order.triggerPrice!.sub(rules.minPrice).mod(tick).isZero()).toBe(true);
              expect(p.order.side).toBe(long ? 'SELL' : 'BUY');
              expect(p.order.positionSide).toBe(hedge ? (long ? 'LONG' : 'SHORT') : 'BOTH');
              expect(p.order.reduceOnly).toBe(hedge || p.order.closePosition ? undefined : true);
            }
            expect(long ? stop.order.triggerPrice!.lt(price) : stop.order.triggerPrice!.gt(price)).toBe(true);
            expect(long ? target.order.triggerPrice!.gt(price) : target.order.triggerPrice!.lt(price)).toBe(true);
          } catch (error) {
            // Only when rounding to the tick lands on (or through) the price, or below the minimum price.
            expect(error).toBeInstanceOf(SignalRejection);
            expect((error as SignalRejection).code).toBe('INVALID_PROTECTION');
          }
        },
      ),
      RUNS,
    );
  });

  it('rounds to the nearest tick', () => {
    expect(roundToTick(new Decimal('49000.06'), new Decimal('0.1'), new Decimal('261.1')).toString()).toBe('49000.1');
    expect(roundToTick(new Decimal('49000.04'), new Decimal('0.1'), new Decimal('261.1')).toString()).toBe('49000');
  });

  it('break-even covers the fees and is on the tick: a stop there leaves no loss', () => {
    fc.assert(
      fc.property(
        decimal(0.01, 100_000, 4),
        fc.constantFrom('0.0001', '0.01', '0.1').map((t) => new Decimal(t)),
        fc.boolean(),
        (entry, tick, long) => {
          const fee = new Decimal('0.0005');
          const be = breakEvenPrice(long ? 'LONG' : 'SHORT', entry, fee, tick, new Decimal(0));
          expect(be.mod(tick).isZero()).toBe(true);
          // Per unit: the move pays the opening fee on the entry and the closing fee at the stop.
          const pnl = long ? be.sub(entry) : entry.sub(be);
          expect(pnl.gte(entry.mul(fee).add(be.mul(fee)))).toBe(true);
        },
      ),
      RUNS,
    );
  });
});

describe('ladder properties through the plan and the re-fit', () => {
  const ladderRules = (s: Decimal) => ({
    tickSize: new Decimal('0.01'),
    minPrice: new Decimal('0.01'),
    maxPrice: new Decimal(0),
    marketStepSize: s,
    marketMinQty: s,
    marketMaxQty: s.mul(1e9),
    baseAsset: 'TEST',
  });

  it('the planned take profits carry exactly the executed quantity at 100%, each on the step, or refuse', () => {
    fc.assert(
      fc.property(step, fc.integer({ min: 1, max: 10_000_000 }), sizes, fc.boolean(), (s, steps, levels, long) => {
        const executed = s.mul(steps);
        const percent = levels.reduce((a, b) => a.add(b), new Decimal(0));
        try {
          const plan = planProtection({
            request: {
              takeProfits: levels.map((size, i) => ({ target: { percent: new Decimal(i + 1) }, sizePercent: size })),
              breakEven: false,
              workingType: 'MARK_PRICE',
            },
            symbol: 'TESTUSDT',
            direction: long ? 'LONG' : 'SHORT',
            reference: new Decimal(100),
            quantity: executed,
            rules: ladderRules(s),
            mode: 'one-way',
            clientAlgoId: (code) => code,
          });
          const quantities = plan.map((p) => p.order.quantity!);
          for (const q of quantities) expect(q.gte(s) && q.mod(s).isZero()).toBe(true);
          const sum = quantities.reduce((a, b) => a.add(b), new Decimal(0));
          if (percent.eq(100)) expect(sum.eq(executed)).toBe(true);
          expect(sum.lte(executed)).toBe(true);
        } catch (error) {
          // A level below the minimum quantity (a position too small to split that way).
          expect((error as SignalRejection).code).toBe('INVALID_PROTECTION');
        }
      }),
      RUNS,
    );
  });

  it('after a partial exit, the open levels share what is held: on the step, never more, all of it at 100%', () => {
    fc.assert(
      fc.property(
        step,
        fc.integer({ min: 1, max: 10_000_000 }),
        sizes,
        fc.integer({ min: 0, max: 4 }),
        (s, steps, levels, filledCount) => {
          const held = s.mul(steps);
          const filled = levels.slice(0, Math.min(filledCount, levels.length - 1));
          const open = levels.slice(filled.length);
          const quantities = resizedLadder(held, open, filled, s);
          expect(quantities).toHaveLength(open.length);
          for (const q of quantities) expect(q.gte(0) && q.mod(s).isZero()).toBe(true);
          const sum = quantities.reduce((a, b) => a.add(b), new Decimal(0));
          expect(sum.lte(held)).toBe(true);
          const percent = levels.reduce((a, b) => a.add(b), new Decimal(0));
          if (percent.eq(100)) expect(sum.eq(held)).toBe(true);
        },
      ),
      RUNS,
    );
  });
});
