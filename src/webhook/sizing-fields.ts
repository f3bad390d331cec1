/**
 * How a buy or sell is sized: exactly one of balance_percentage (a fraction
 * of the balance as margin), quantity (base asset), usdt (position value) or
 * risk_percentage (the share of the balance lost if the stop loss is hit).
 * None or several is refused naming them (pure).
 */
import Decimal from 'decimal.js';
import { SignalRejection } from '../common/signal-rejection';
import type { SizingMode } from '../trading/position-sizing';
import { describe, exactDecimal } from './dto/decimal-validators';
import { isBlank } from './protection-fields';

export const SIZING_FIELDS = ['balance_percentage', 'quantity', 'usdt', 'quantity_usdt', 'risk_percentage'];

const ONE_OF = 'balance_percentage, quantity, usdt or risk_percentage';
const MAX_RISK = new Decimal('0.1');

function invalid(field: string, problem: string, suggestion: string): SignalRejection {
  return new SignalRejection(`Invalid ${field}: ${problem}`, 'VALIDATION', 422, [suggestion]);
}

/** A fraction (0.01) or a percentage with its sign ("1%"), at most 10%: a bare 1 is refused, never read as 100%. */
function riskFraction(value: unknown): Decimal {
  const text = typeof value === 'string' ? value.trim() : value;
  const percent = typeof text === 'string' && text.endsWith('%') ? exactDecimal(text.slice(0, -1)) : undefined;
  const fraction = percent ? percent.div(100) : exactDecimal(text);
  const advice = 'Use a fraction of the balance such as 0.01, or "1%" (at most 10%)';
  if (!fraction || fraction.lte(0)) {
    throw invalid(
      'risk_percentage',
      `risk_percentage must be a fraction greater than 0 and at most 0.1, or "0.5%"–"10%" (got ${describe(value)})`,
      advice,
    );
  }
  if (fraction.gt(MAX_RISK)) {
    const hint =
      !percent && fraction.lte(10)
        ? `: for ${fraction.toString()}% use ${fraction.div(100).toString()} or "${fraction.toString()}%"`
        : '';
    throw invalid(
      'risk_percentage',
      `risks at most 10% of the balance per trade (got ${describe(value)})${hint}`,
      advice,
    );
  }
  return fraction;
}

function positive(field: string, value: unknown, unit: string): Decimal {
  const amount = exactDecimal(value);
  if (!amount || amount.lte(0)) {
    throw invalid(
      field,
      `${field} must be a number greater than 0 (got ${describe(value)})`,
      `Use ${field} in ${unit}, e.g. "${field}": 0.01`,
    );
  }
  return amount;
}

/** `balanceFraction`: balance_percentage as the DTO parsed it. */
export function sizingMode(payload: Record<string, unknown>, balanceFraction: Decimal | undefined): SizingMode {
  const given = SIZING_FIELDS.filter((field) => !isBlank(payload[field]));
  if (given.length !== 1) {
    const got = given.length ? `got ${given.join(' and ')}` : 'got none';
    throw new SignalRejection(
      `Exactly one sizing field is needed for buy and sell: ${ONE_OF} (${got})`,
      'SIZING_FIELDS',
      422,
      given.length
        ? [`Keep one of ${given.join(', ')} and remove the other${given.length > 2 ? 's' : ''}`]
        : ['Add e.g. "balance_percentage": 0.1 (10% of the balance as margin) with "leverage"'],
    );
  }
  const [field] = given;
  const value = payload[field];
  if (field === 'balance_percentage') return { kind: 'balance_percentage', fraction: balanceFraction! };
  if (field === 'quantity') return { kind: 'quantity', quantity: positive(field, value, 'the base asset (0.01 BTC)') };
  if (field === 'risk_percentage') {
    const fraction = riskFraction(value);
    if (isBlank(payload.stop_loss)) {
      throw new SignalRejection(
        'risk_percentage sizes the position from the distance to the stop: it needs stop_loss',
        'SIZING_FIELDS',
        422,
        ['Add "stop_loss" (a price or {"percent": 2}), or size with balance_percentage'],
      );
    }
    return { kind: 'risk_percentage', fraction };
  }
  return { kind: 'usdt', value: positive(field, value, 'USDT of position value') };
}
