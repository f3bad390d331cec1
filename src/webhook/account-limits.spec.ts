import Decimal from 'decimal.js';
import { signalForAccount } from './account-limits';
import type { ValidSignal } from './signal-validation';

const d = (v: string) => new Decimal(v);
const buy = (extra: Partial<ValidSignal> = {}): ValidSignal => ({
  action: 'buy',
  rawSymbol: 'BTCUSDT',
  symbol: 'BTCUSDT',
  leverage: 10,
  balancePercentage: d('0.2'),
  ignoredFields: [],
  ...extra,
});
const limits = { name: 'Alice', sizingMultiplier: '1', maxLeverage: null, maxPositionValueUsdt: null };

describe('signalForAccount', () => {
  it('passes the alert unchanged with multiplier 1 and no limits', () => {
    const signal = buy();
    expect(signalForAccount(signal, limits)).toEqual({
      ok: true,
      signal,
      caps: { maxPositionValue: undefined, maxLeverage: undefined },
    });
  });

  it('scales every size by the multiplier, exactly', () => {
    const out = signalForAccount(buy({ sizing: { kind: 'usdt', value: d('100') } }), {
      ...limits,
      sizingMultiplier: '0.3',
    });
    expect(out.ok && out.signal.balancePercentage!.toString()).toBe('0.06');
    expect(out.ok && out.signal.sizing).toEqual({ kind: 'usdt', value: d('30') });
    const target = signalForAccount(
      { ...buy(), action: 'target', target: { position: 'long', size: d('0.003') } },
      { ...limits, sizingMultiplier: '2' },
    );
    expect(target.ok && target.signal.target!.size!.toString()).toBe('0.006');
    const partial = signalForAccount(
      { ...buy(), action: 'close', partial: { quantity: d('0.5') } },
      { ...limits, sizingMultiplier: '0.5' },
    );
    // The alert's own quantity is kept beside, for the answer's words.
    expect(partial.ok && partial.signal.partial).toEqual({ quantity: d('0.25'), alertQuantity: d('0.5') });
    expect(partial.ok && partial.signal.sizingMultiplier).toEqual(d('0.5'));
  });

  it("refuses leverage above the account's maximum (422), never lowers it", () => {
    const out = signalForAccount(buy({ leverage: 20 }), { ...limits, maxLeverage: 10 });
    expect(out.ok).toBe(false);
    expect(!out.ok && out.refusal).toMatchObject({ httpStatus: 422 });
    expect(!out.ok && out.refusal.message).toMatch(
      /Leverage 20 is above this account's maximum of 10: nothing sent to account Alice/,
    );
    expect(signalForAccount(buy({ leverage: 10 }), { ...limits, maxLeverage: 10 }).ok).toBe(true);
  });

  it('refuses a scaled fraction over 100% of the balance, or a risk over 10%', () => {
    expect(signalForAccount(buy({ balancePercentage: d('0.6') }), { ...limits, sizingMultiplier: '2' }).ok).toBe(false);
    const risk = buy({ sizing: { kind: 'risk_percentage', fraction: d('0.06') } });
    expect(signalForAccount(risk, { ...limits, sizingMultiplier: '2' }).ok).toBe(false);
    expect(signalForAccount(risk, { ...limits, sizingMultiplier: '1.5' }).ok).toBe(true);
  });

  it('passes the maximum position value and leverage on (trading applies them against the position)', () => {
    const out = signalForAccount(buy(), { ...limits, maxPositionValueUsdt: '2500', maxLeverage: 50 });
    expect(out.ok && out.caps.maxPositionValue!.toString()).toBe('2500');
    expect(out.ok && out.caps.maxLeverage).toBe(50);
  });
});
