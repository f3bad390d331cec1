/**
 * Every field an alert may carry, in one table, so that no field is silently
 * ignored: the fields the service uses, the fields that would change the
 * trade but are not supported yet (refused, so an alert asking for a stop loss
 * never gets a plain market order and "success"), and names that are close to
 * a known one (refused, naming the field meant). Any other field is kept in
 * the record and listed back as `ignored_fields`.
 *
 * Supporting a new field is moving its row from `unsupported` to `used`
 * here, and handling it in the DTO.
 */
import { SignalRejection } from '../common/signal-rejection';
import { editDistance } from './symbol-normaliser';

type Support =
  | { support: 'used' }
  /** Access and identity fields: read by the pipeline, never part of the trade. */
  | { support: 'meta' }
  | {
      support: 'unsupported';
      /** What the field would do, for the message. */
      meaning: string;
      /** What the trader can do instead. */
      instead: string;
      /** Values that ask for what the service does anyway (a MARKET order, no reduce-only). */
      harmless?: (value: unknown) => boolean;
    };

const isFalse = (value: unknown) =>
  value === false || (typeof value === 'string' && value.trim().toLowerCase() === 'false');
const isMarket = (value: unknown) => typeof value === 'string' && value.trim().toUpperCase() === 'MARKET';

const PARTIAL = 'Send "action": "close" with close_percentage or close_quantity to close part of the position';
const TARGET =
  'Send "market_position": "{{strategy.market_position}}" with ' +
  '"market_position_size": "{{strategy.market_position_size}}" (a target position)';

export const SIGNAL_FIELDS: Readonly<Record<string, Support>> = {
  symbol: { support: 'used' },
  action: { support: 'used' },
  balance_percentage: { support: 'used' },
  leverage: { support: 'used' },
  entry: { support: 'used' },
  margin_type: { support: 'used' },
  close_percentage: { support: 'used' },
  close_quantity: { support: 'used' },
  market_position: { support: 'used' },
  market_position_size: { support: 'used' },
  prev_market_position: { support: 'used' },
  id: { support: 'meta' },
  signal_id: { support: 'meta' },
  secret: { support: 'meta' },
  passphrase: { support: 'meta' },
  token: { support: 'meta' },

  stop_loss: { support: 'used' },
  take_profit: { support: 'used' },
  take_profits: { support: 'used' },
  trailing_stop: { support: 'used' },
  break_even: { support: 'used' },
  working_type: { support: 'used' },
  reduce_only: { support: 'unsupported', meaning: 'a reduce-only order', instead: PARTIAL, harmless: isFalse },
  quantity: { support: 'used' },
  quantity_usdt: { support: 'used' },
  usdt: { support: 'used' },
  risk_percentage: { support: 'used' },
  time: { support: 'used' },
  max_age_s: { support: 'used' },
  order_type: {
    support: 'unsupported',
    meaning: 'an order type other than MARKET',
    instead: 'Leave order_type out: orders are MARKET',
    harmless: isMarket,
  },
  type: {
    support: 'unsupported',
    meaning: 'an order type other than MARKET',
    instead: 'Leave type out: orders are MARKET',
    harmless: isMarket,
  },
  price: {
    support: 'unsupported',
    meaning: 'a limit price',
    instead: 'Use "entry" for a reference price (e.g. {{close}}); orders are MARKET',
  },
  time_in_force: {
    support: 'unsupported',
    meaning: "a limit order's time in force",
    instead: 'Leave time_in_force out: orders are MARKET',
  },
  position_side: {
    support: 'unsupported',
    meaning: 'choosing the hedge-mode position side',
    instead: "Leave position_side out: the side follows the action and the account's position mode",
  },
  position_size: {
    support: 'unsupported',
    meaning: 'a signed position size',
    instead: TARGET,
  },
};

/** Other names for a known field that no edit distance would catch. */
const SYNONYMS: Readonly<Record<string, string>> = {
  margin_mode: 'margin_type',
  marginmode: 'margin_type',
  balance_pct: 'balance_percentage',
  balancepct: 'balance_percentage',
};

/**
 * Generic words that mean a known field only when that field is absent:
 * "side" beside "action" may be informational, "side" alone is an action the
 * service would never see.
 */
const MEANT_WHEN_ABSENT: Readonly<Record<string, string>> = {
  side: 'action',
  pct: 'balance_percentage',
  percent: 'balance_percentage',
  percentage: 'balance_percentage',
  lev: 'leverage',
  entry_price: 'entry',
  sl: 'stop_loss',
  tp: 'take_profit',
  qty: 'quantity',
  amount: 'quantity',
  size: 'quantity',
  contracts: 'quantity',
};

/** Own entries only: alert field names such as "__proto__" or "constructor" must not reach Object.prototype. */
function own<V>(table: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

const compact = (name: string) => name.toLowerCase().replace(/[\s_-]/g, '');

/** The known field `name` most probably means, or undefined when it is not close to one. */
export function probablyMeant(name: string, present: readonly string[] = []): string | undefined {
  const known = Object.keys(SIGNAL_FIELDS);
  const key = compact(name);
  if (!key) return undefined;
  const synonym = own(SYNONYMS, name.toLowerCase()) ?? own(SYNONYMS, key);
  if (synonym) return synonym;
  const generic = own(MEANT_WHEN_ABSENT, name.toLowerCase()) ?? own(MEANT_WHEN_ABSENT, key);
  if (generic && !present.includes(generic)) return generic;
  const sameLetters = known.find((k) => compact(k) === key);
  if (sameLetters) return sameLetters;
  // A prefix of a field of at least 6 letters ("balance_percent", "stop_loss_price").
  const prefixed = known.find(
    (k) => key.length >= 6 && (compact(k).startsWith(key) || key.startsWith(compact(k))) && compact(k).length >= 6,
  );
  if (prefixed) return prefixed;
  const [nearest] = known
    .map((k) => ({ k, d: editDistance(key, compact(k)) }))
    .filter(({ k, d }) => d <= (Math.min(key.length, compact(k).length) >= 8 ? 2 : 1) && compact(k).length >= 4)
    .sort((a, b) => a.d - b.d);
  return nearest?.k;
}

/** A value that asks for nothing: empty in a template that left a placeholder blank. */
const isEmpty = (value: unknown) =>
  value === null || value === undefined || (typeof value === 'string' && value.trim() === '');

/**
 * Refuses a field that is close to a known one or asks for something not
 * supported; returns the fields that are kept but not used (sorted).
 */
export function checkFields(payload: Record<string, unknown>): string[] {
  const ignored: string[] = [];
  for (const [name, value] of Object.entries(payload)) {
    const entry = own(SIGNAL_FIELDS, name);
    if (entry?.support === 'used' || entry?.support === 'meta') continue;
    if (entry?.support === 'unsupported') {
      if (isEmpty(value) || entry.harmless?.(value)) {
        ignored.push(name);
        continue;
      }
      throw unsupported(name, entry.meaning, entry.instead);
    }
    const meant = probablyMeant(name, Object.keys(payload));
    if (meant && meant !== name) {
      const target = SIGNAL_FIELDS[meant];
      const note = target.support === 'unsupported' ? ` (and "${meant}" is not supported yet: ${target.meaning})` : '';
      throw new SignalRejection(`Unknown field "${name}": did you mean "${meant}"?${note}`, 'UNKNOWN_FIELD', 422, [
        `Rename "${name}" to "${meant}" in the alert message`,
        ...(target.support === 'unsupported' ? [target.instead] : []),
      ]);
    }
    ignored.push(name);
  }
  return ignored.sort();
}

function unsupported(name: string, meaning: string, instead: string): SignalRejection {
  return new SignalRejection(
    `Field "${name}" is not supported yet (${meaning}): ` +
      'the alert was not executed, so that no order differs from what it asks',
    'UNSUPPORTED_FIELD',
    422,
    [instead, `Remove "${name}" from the alert message to trade without it`],
  );
}
