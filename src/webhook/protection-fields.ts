/**
 * The protection fields of an alert (stop_loss, take_profit, take_profits,
 * trailing_stop, break_even, working_type) → a ProtectionRequest, checked for
 * form and range (pure). Whether the prices suit the side, the current price
 * and the symbol's filters is decided later, before the entry
 * (trading/protection/protection-plan.ts). Empty values (a TradingView
 * placeholder left blank) mean "not asked".
 */
import Decimal from 'decimal.js';
import { SignalRejection } from '../common/signal-rejection';
import {
  MAX_TAKE_PROFITS,
  PriceTarget,
  ProtectionRequest,
  TakeProfitLevel,
  WorkingType,
} from '../trading/protection/protection-request';
import { describe, exactDecimal } from './dto/decimal-validators';

export const PROTECTION_FIELDS = [
  'stop_loss',
  'take_profit',
  'take_profits',
  'trailing_stop',
  'break_even',
  'working_type',
];

const FORMS = 'a price (49000 or "49000"), or a percent distance from the entry ({"percent": 2} or "2%")';

function invalid(field: string, problem: string, suggestion = `Use ${FORMS}`): SignalRejection {
  return new SignalRejection(`Invalid ${field}: ${problem}`, 'VALIDATION', 422, [suggestion]);
}

export const isBlank = (value: unknown) =>
  value === null || value === undefined || (typeof value === 'string' && value.trim() === '');

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => !!value && typeof value === 'object' && !Array.isArray(value);

/** `maxPercent`: a stop's distance must stay under 100% (a price of 0). */
function percentIn(field: string, value: unknown, maxPercent: Decimal | undefined): Decimal {
  const percent = exactDecimal(value);
  if (!percent || percent.lte(0) || (maxPercent && percent.gte(maxPercent))) {
    const range = maxPercent ? `greater than 0 and below ${maxPercent.toString()}` : 'greater than 0';
    throw invalid(field, `percent must be a number ${range} (got ${describe(value)})`);
  }
  return percent;
}

function priceIn(field: string, value: unknown): Decimal {
  const price = exactDecimal(value);
  if (!price || price.lte(0))
    throw invalid(field, `the price must be a number greater than 0 (got ${describe(value)})`);
  return price;
}

/** A price or a percent: 49000, "49000", "2%", {"price": 49000}, {"percent": 2}. */
export function priceTarget(
  field: string,
  value: unknown,
  maxPercent?: Decimal,
  extraKeys: string[] = [],
): PriceTarget {
  if (typeof value === 'string' && value.trim().endsWith('%')) {
    return { percent: percentIn(field, value.trim().slice(0, -1), maxPercent) };
  }
  if (isObject(value)) {
    const keys = Object.keys(value).filter((k) => !extraKeys.includes(k));
    const unknown = keys.find((k) => k !== 'price' && k !== 'percent');
    if (unknown) throw invalid(field, `unknown key "${unknown}" (use "price" or "percent")`);
    const hasPrice = !isBlank(value.price);
    const hasPercent = !isBlank(value.percent);
    if (hasPrice === hasPercent) throw invalid(field, 'give exactly one of "price" and "percent"');
    return hasPrice ? { price: priceIn(field, value.price) } : { percent: percentIn(field, value.percent, maxPercent) };
  }
  return { price: priceIn(field, value) };
}

const HUNDRED = new Decimal(100);

function takeProfitLevels(payload: Json): TakeProfitLevel[] {
  const single = payload.take_profit;
  const ladder = payload.take_profits;
  if (!isBlank(single) && !isBlank(ladder)) {
    throw invalid('take_profit', 'give take_profit or take_profits, not both', 'Keep take_profits for several levels');
  }
  if (!isBlank(single)) return [{ target: priceTarget('take_profit', single), sizePercent: HUNDRED }];
  if (isBlank(ladder)) return [];
  const ladderAdvice =
    'Use a list of up to 5 levels such as [{"price": 52000, "size_percent": 50}, {"percent": 6, "size_percent": 50}]';
  if (!Array.isArray(ladder) || ladder.length === 0 || ladder.length > MAX_TAKE_PROFITS) {
    throw invalid(
      'take_profits',
      `must be a list of 1 to ${MAX_TAKE_PROFITS} levels (got ${describe(ladder)})`,
      ladderAdvice,
    );
  }
  const levels = ladder.map((item: unknown, i): TakeProfitLevel => {
    const field = `take_profits[${i}]`;
    if (!isObject(item))
      throw invalid(
        field,
        `must be an object with price or percent and size_percent (got ${describe(item)})`,
        ladderAdvice,
      );
    const size = exactDecimal(item.size_percent);
    if (!size || size.lte(0) || size.gt(100)) {
      throw invalid(
        field,
        `size_percent must be a number greater than 0 and at most 100 (got ${describe(item.size_percent)})`,
        ladderAdvice,
      );
    }
    return { target: priceTarget(field, item, undefined, ['size_percent']), sizePercent: size };
  });
  const total = levels.reduce((sum, l) => sum.add(l.sizePercent), new Decimal(0));
  if (total.gt(100)) {
    throw invalid('take_profits', `the size_percent values add up to ${total.toString()} (at most 100)`, ladderAdvice);
  }
  return levels;
}

function trailingStop(value: unknown): ProtectionRequest['trailingStop'] {
  if (isBlank(value)) return undefined;
  const advice =
    'Use {"callback_rate": 1} (percent, 0.1–10), with "activation_price" or "activation_percent" if wanted';
  if (!isObject(value)) throw invalid('trailing_stop', `must be an object (got ${describe(value)})`, advice);
  const unknown = Object.keys(value).find(
    (k) => !['callback_rate', 'activation_price', 'activation_percent'].includes(k),
  );
  if (unknown) throw invalid('trailing_stop', `unknown key "${unknown}"`, advice);
  const rate = exactDecimal(value.callback_rate);
  if (!rate || rate.lt('0.1') || rate.gt(10)) {
    throw invalid(
      'trailing_stop',
      `callback_rate must be a percent from 0.1 to 10 (got ${describe(value.callback_rate)})`,
      advice,
    );
  }
  const byPrice = !isBlank(value.activation_price);
  const byPercent = !isBlank(value.activation_percent);
  if (byPrice && byPercent)
    throw invalid('trailing_stop', 'give activation_price or activation_percent, not both', advice);
  const activation: PriceTarget | undefined = byPrice
    ? { price: priceIn('trailing_stop activation_price', value.activation_price) }
    : byPercent
      ? { percent: percentIn('trailing_stop activation_percent', value.activation_percent, HUNDRED) }
      : undefined;
  return { callbackRate: rate, activation };
}

function flag(field: string, value: unknown): boolean {
  if (isBlank(value) || value === false) return false;
  if (value === true) return true;
  if (typeof value === 'string' && ['true', 'false'].includes(value.trim().toLowerCase())) {
    return value.trim().toLowerCase() === 'true';
  }
  throw invalid(field, `must be true or false (got ${describe(value)})`, `Use "${field}": true`);
}

function workingType(value: unknown): WorkingType {
  if (isBlank(value)) return 'MARK_PRICE';
  const text = typeof value === 'string' ? value.trim().toUpperCase() : undefined;
  if (text === 'MARK_PRICE' || text === 'CONTRACT_PRICE') return text;
  throw invalid(
    'working_type',
    `must be MARK_PRICE or CONTRACT_PRICE (got ${describe(value)})`,
    'Leave working_type out for MARK_PRICE',
  );
}

/** The protection an alert asks for, or undefined when it asks for none. */
export function protectionFields(payload: Json): ProtectionRequest | undefined {
  const stopLoss = isBlank(payload.stop_loss) ? undefined : priceTarget('stop_loss', payload.stop_loss, HUNDRED);
  const takeProfits = takeProfitLevels(payload);
  const trailing = trailingStop(payload.trailing_stop);
  const breakEven = flag('break_even', payload.break_even);
  const request: ProtectionRequest = {
    stopLoss,
    takeProfits,
    trailingStop: trailing,
    breakEven,
    workingType: workingType(payload.working_type),
  };
  if (breakEven && (!stopLoss || takeProfits.length === 0)) {
    throw invalid(
      'break_even',
      'moves the stop loss after the first take profit: it needs stop_loss and a take profit',
      'Add stop_loss and take_profit (or take_profits), or leave break_even out',
    );
  }
  if (!stopLoss && takeProfits.length === 0 && !trailing) {
    // working_type only says which price the triggers watch: alone it would do nothing.
    if (!isBlank(payload.working_type)) {
      throw invalid(
        'working_type',
        'says which price triggers the stop loss, take profits and trailing stop, and none was given',
        'Add stop_loss, take_profit(s) or trailing_stop, or leave working_type out',
      );
    }
    return undefined;
  }
  return request;
}
