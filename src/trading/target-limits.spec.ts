import Decimal from 'decimal.js';
import { capTargetSize, targetLeverageRefusal } from './target-limits';

const d = (v: string) => new Decimal(v);

describe('capTargetSize', () => {
  it('caps a target above the maximum position value to that value at the price', () => {
    const capped = capTargetSize(d('0.4'), d('0'), d('50000'), d('1000'), 'BTC');
    expect(capped.size.toString()).toBe('0.02');
    expect(capped.note).toBe(
      "target 0.4 BTC capped to 0.02 BTC by the account's max_position_value_usdt of 1000 at 50000",
    );
  });

  it('caps only what the target adds: a position already above the maximum is kept, not reduced', () => {
    expect(capTargetSize(d('0.5'), d('0.03'), d('50000'), d('1000'), 'BTC').size.toString()).toBe('0.03');
    expect(capTargetSize(d('0.01'), d('0.03'), d('50000'), d('1000'), 'BTC')).toEqual({ size: d('0.01') });
  });

  it('leaves a target within the maximum, or an account without one, as it is', () => {
    expect(capTargetSize(d('0.02'), d('0'), d('50000'), d('1000'), 'BTC')).toEqual({ size: d('0.02') });
    expect(capTargetSize(d('9'), d('0'), d('50000'), undefined, 'BTC')).toEqual({ size: d('9') });
  });
});

describe('targetLeverageRefusal', () => {
  it("checks the alert's leverage when it gives one, whatever the symbol's", () => {
    expect(targetLeverageRefusal(5, 20, 5, 'ETHUSDT')).toBeUndefined();
    expect(targetLeverageRefusal(6, 1, 5, 'ETHUSDT')?.message).toBe(
      "Leverage 6 is above this account's maximum of 5: nothing sent",
    );
  });

  it("without one, checks the symbol's current leverage", () => {
    const refusal = targetLeverageRefusal(undefined, 20, 5, 'ETHUSDT')!;
    expect(refusal.message).toBe(
      "The alert gives no leverage and ETHUSDT's leverage on Binance is 20, above this account's maximum of 5: " +
        'nothing sent',
    );
    expect(refusal.httpStatus).toBe(422);
    expect(targetLeverageRefusal(undefined, 5, 5, 'ETHUSDT')).toBeUndefined();
    expect(targetLeverageRefusal(undefined, 125, undefined, 'ETHUSDT')).toBeUndefined();
  });
});
