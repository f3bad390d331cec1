/**
 * One alert, many accounts: each account trades the alert scaled by its own
 * sizing multiplier and within its own limits. Balance-based sizes
 * (balance_percentage, risk_percentage) already follow each account's own
 * balance; the multiplier scales every size further (a fixed quantity or USDT
 * value, a target size, a partial exit's quantity). Leverage above the
 * account's maximum is refused for that account (nothing sent to it), never
 * quietly lowered (a target alert without leverage is checked against the
 * symbol's current leverage in trading: target-limits.ts); the maximum position
 * value per symbol caps the entry, and what a target adds.
 */
import Decimal from 'decimal.js';
import { SignalRejection } from '../common/signal-rejection';
import type { SizingMode } from '../trading/position-sizing';
import type { AccountCaps } from '../trading/target-limits';
import type { ValidSignal } from './signal-validation';

export interface AccountLimits {
  name: string;
  sizingMultiplier: Decimal.Value;
  maxLeverage: number | null;
  maxPositionValueUsdt: Decimal.Value | null;
}

/** `caps`: the limits trading applies against the position (what an entry or a target adds, the leverage kept). */
export type AccountSignal =
  { ok: true; signal: ValidSignal; caps: AccountCaps } | { ok: false; refusal: SignalRejection };

/** balance_percentage and risk_percentage stay fractions of the balance: at most 100% and 10%. */
const MAX_FRACTION = new Decimal(1);
const MAX_RISK = new Decimal('0.1');

function refused(account: string, message: string, suggestion: string): AccountSignal {
  return {
    ok: false,
    refusal: new SignalRejection(`${message}: nothing sent to account ${account}`, 'VALIDATION', 422, [suggestion]),
  };
}

export function signalForAccount(signal: ValidSignal, limits: AccountLimits): AccountSignal {
  const account = limits.name;
  if (signal.leverage !== undefined && limits.maxLeverage !== null && signal.leverage > limits.maxLeverage) {
    return refused(
      account,
      `Leverage ${signal.leverage} is above this account's maximum of ${limits.maxLeverage}`,
      `Send leverage ${limits.maxLeverage} or less, or raise the account's max_leverage`,
    );
  }
  const m = new Decimal(limits.sizingMultiplier);
  const scaled: ValidSignal = m.eq(1) ? signal : scaleSizes(signal, m);
  const fraction = scaled.sizing?.kind === 'balance_percentage' ? scaled.sizing.fraction : scaled.balancePercentage;
  if (fraction?.gt(MAX_FRACTION)) {
    return refused(
      account,
      `balance_percentage ${signal.balancePercentage?.toString() ?? ''} × sizing multiplier ${m.toString()} ` +
        'is over 100% of the balance',
      "Lower the alert's balance_percentage or the account's sizing_multiplier",
    );
  }
  if (scaled.sizing?.kind === 'risk_percentage' && scaled.sizing.fraction.gt(MAX_RISK)) {
    return refused(
      account,
      `risk_percentage × sizing multiplier ${m.toString()} is over 10% of the balance`,
      "Lower the alert's risk_percentage or the account's sizing_multiplier",
    );
  }
  const max = limits.maxPositionValueUsdt === null ? undefined : new Decimal(limits.maxPositionValueUsdt);
  return { ok: true, signal: scaled, caps: { maxPositionValue: max, maxLeverage: limits.maxLeverage ?? undefined } };
}

function scaleSizes(signal: ValidSignal, m: Decimal): ValidSignal {
  return {
    ...signal,
    sizingMultiplier: m,
    balancePercentage: signal.balancePercentage?.mul(m),
    sizing: signal.sizing && scaleSizing(signal.sizing, m),
    target: signal.target && { ...signal.target, size: signal.target.size?.mul(m) },
    partial: signal.partial && {
      ...signal.partial,
      quantity: signal.partial.quantity?.mul(m),
      alertQuantity: signal.partial.quantity,
    },
  };
}

function scaleSizing(sizing: SizingMode, m: Decimal): SizingMode {
  switch (sizing.kind) {
    case 'balance_percentage':
      return { kind: sizing.kind, fraction: sizing.fraction.mul(m) };
    case 'risk_percentage':
      return { kind: sizing.kind, fraction: sizing.fraction.mul(m) };
    case 'quantity':
      return { kind: sizing.kind, quantity: sizing.quantity.mul(m) };
    case 'usdt':
      return { kind: sizing.kind, value: sizing.value.mul(m) };
  }
}
