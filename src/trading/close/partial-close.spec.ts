import Decimal from 'decimal.js';
import type { OpenPosition } from '../../exchange/exchange.port';
import { planPartialClose, PartialRules } from './partial-close';
import { splitAtMaxQty } from '../orders/order-pieces';
import { partialCloseHeadline } from '../../webhook/target-responses';
import type { PartialCloseOutcome } from './partial-close.service';

const ETH: PartialRules = {
  symbol: 'ETHUSDT',
  baseAsset: 'ETH',
  marketStepSize: new Decimal('0.001'),
  marketMinQty: new Decimal('0.001'),
  marketMaxQty: new Decimal('2000'),
  minNotional: new Decimal('20'),
};

const position = (
  direction: 'LONG' | 'SHORT',
  quantity: string,
  positionSide: OpenPosition['positionSide'] = 'BOTH',
) => ({
  symbol: 'ETHUSDT',
  direction,
  positionSide,
  quantity: new Decimal(quantity),
  entryPrice: new Decimal(2500),
  markPrice: new Decimal(2500),
  unrealizedPnl: new Decimal(0),
});
const pct = (p: string) => ({ percentage: new Decimal(p) });

describe('planPartialClose', () => {
  it('closes the share asked, rounded down to the step', () => {
    const plan = planPartialClose([position('LONG', '1.0')], pct('33.33'), ETH);
    expect(plan).toMatchObject({ kind: 'close', asked: '33.33%' });
    if (plan.kind !== 'close') throw new Error();
    expect([plan.legs[0].quantity.toString(), plan.legs[0].remaining.toString(), plan.legs[0].closesAll]).toEqual([
      '0.333',
      '0.667',
      false,
    ]);
  });

  it('closes all when the rest would be under the minimum notional, and says why', () => {
    const plan = planPartialClose([position('LONG', '0.01')], pct('30'), ETH);
    if (plan.kind !== 'close') throw new Error(plan.kind);
    expect(plan.legs[0]).toMatchObject({ closesAll: true });
    expect(plan.legs[0].quantity.toString()).toBe('0.01');
    expect(plan.legs[0].reason).toMatch(/would leave 0.007 ETH, worth 17.5 USDT/);
  });

  it('closes all when the rest would be under the minimum quantity', () => {
    const rules = { ...ETH, marketMinQty: new Decimal('0.005'), minNotional: new Decimal(0) };
    const plan = planPartialClose([position('SHORT', '0.01')], { quantity: new Decimal('0.006') }, rules);
    if (plan.kind !== 'close') throw new Error(plan.kind);
    expect(plan.legs[0].closesAll).toBe(true);
  });

  it('refuses below the minimum quantity, naming the smallest percentage that passes', () => {
    const rules = { ...ETH, marketMinQty: new Decimal('0.01') };
    const plan = planPartialClose([position('LONG', '3')], pct('0.2'), rules);
    expect(plan).toMatchObject({ kind: 'refused' });
    if (plan.kind !== 'refused') throw new Error();
    // 0.34% of 3 is 0.0102 → 0.010: passes; 0.33% is 0.0099 → 0.009: does not.
    expect(plan.smallestPercentage?.toString()).toBe('0.34');
    expect(plan.message).toMatch(/smallest close_percentage that passes is 0.34/);
  });

  it('a close_quantity above the position closes it all and says so', () => {
    const plan = planPartialClose([position('LONG', '0.5')], { quantity: new Decimal('2') }, ETH);
    if (plan.kind !== 'close') throw new Error();
    expect(plan.legs[0]).toMatchObject({ closesAll: true });
    expect(plan.legs[0].reason).toMatch(/more than the long 0.5 ETH held/);
  });

  it("says what a bot account's multiplier made of the close_quantity asked, and what was closed", () => {
    const request = { quantity: new Decimal('0.01'), alertQuantity: new Decimal('0.02') };
    const plan = planPartialClose([position('LONG', '0.003')], request, ETH);
    if (plan.kind !== 'close') throw new Error();
    expect(plan.asked).toBe("0.02 ETH (0.01 ETH at this account's multiplier)");
    expect(plan.legs[0].reason).toBe(
      "close_quantity 0.02 ETH (0.01 ETH at this account's multiplier) is more than the long 0.003 ETH held",
    );
    const outcome = { kind: 'full', asked: plan.asked, baseAsset: 'ETH', legs: plan.legs } as PartialCloseOutcome;
    expect(partialCloseHeadline('ETHUSDT', outcome)).toBe(
      'Closed 0.003 ETH on ETHUSDT, all of it: long 0.003 of 0.003',
    );
    // A part that is what was asked keeps the asked words.
    const half = planPartialClose([position('LONG', '1')], pct('50'), ETH);
    if (half.kind !== 'close') throw new Error();
    const partial = { kind: 'partial', asked: half.asked, baseAsset: 'ETH', legs: half.legs } as PartialCloseOutcome;
    expect(partialCloseHeadline('ETHUSDT', partial)).toBe('Closed 50% on ETHUSDT: long 0.5 of 1, 0.5 left');
  });

  it('hedge mode with both sides: a percentage closes that share of each; a quantity is refused', () => {
    const both = [position('LONG', '1', 'LONG'), position('SHORT', '2', 'SHORT')];
    const plan = planPartialClose(both, pct('50'), ETH);
    if (plan.kind !== 'close') throw new Error();
    expect(plan.legs.map((l) => l.quantity.toString())).toEqual(['0.5', '1']);
    expect(planPartialClose(both, { quantity: new Decimal('0.5') }, ETH)).toMatchObject({ kind: 'refused' });
  });

  it('nothing held: nothing to close', () => {
    expect(planPartialClose([], pct('50'), ETH)).toMatchObject({ kind: 'nothing' });
  });
});

describe('splitAtMaxQty', () => {
  const lot = { marketStepSize: new Decimal('0.1'), marketMinQty: new Decimal('0.5'), marketMaxQty: new Decimal('10') };
  it('keeps a quantity within the maximum whole', () => {
    expect(splitAtMaxQty(new Decimal('10'), lot).map(String)).toEqual(['10']);
  });
  it('splits above it, the last piece never under the minimum', () => {
    expect(splitAtMaxQty(new Decimal('25'), lot).map(String)).toEqual(['10', '10', '5']);
    expect(splitAtMaxQty(new Decimal('20.2'), lot).map(String)).toEqual(['10', '9.7', '0.5']);
  });
  it('treats a maximum of 0 as none', () => {
    expect(splitAtMaxQty(new Decimal('25'), { ...lot, marketMaxQty: new Decimal(0) }).map(String)).toEqual(['25']);
  });
});
