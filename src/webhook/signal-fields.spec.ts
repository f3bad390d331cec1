import { SignalRejection } from '../common/signal-rejection';
import { checkFields, probablyMeant, SIGNAL_FIELDS } from './signal-fields';

const BASE = { symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5 };

function refusal(payload: Record<string, unknown>): SignalRejection {
  try {
    checkFields(payload);
  } catch (error) {
    return error as SignalRejection;
  }
  throw new Error(`accepted ${JSON.stringify(payload)}`);
}

describe('signal fields', () => {
  it('uses every field of the documented message and the access fields', () => {
    expect(
      checkFields({
        ...BASE,
        entry: 1,
        margin_type: 'ISOLATED',
        id: 'a',
        signal_id: 'b',
        secret: 's',
        passphrase: 'p',
        token: 't',
      }),
    ).toEqual([]);
  });

  it.each([
    ['levrage', 'leverage'],
    ['leverge', 'leverage'],
    ['Leverage', 'leverage'],
    ['margin_mode', 'margin_type'],
    ['marginType', 'margin_type'],
    ['balance_percent', 'balance_percentage'],
    ['balancePercentage', 'balance_percentage'],
    ['balance_pct', 'balance_percentage'],
    ['symbl', 'symbol'],
    ['acton', 'action'],
    ['stoploss', 'stop_loss'],
    ['takeProfit', 'take_profit'],
    ['secret_key', 'secret'],
  ])('takes %s for %s', (typo, meant) => {
    expect(probablyMeant(typo)).toBe(meant);
    const error = refusal({ ...BASE, [typo]: 1 });
    expect(error).toMatchObject({ code: 'UNKNOWN_FIELD', httpStatus: 422 });
    expect(error.message).toContain(`"${typo}"`);
    expect(error.message).toContain(`"${meant}"`);
  });

  it.each(['comment', 'strategy', 'bar', 'timenow', 'exchange', 'interval', 'close', 'volume', 'ticker', 'note'])(
    'keeps %s as an ignored field',
    (name) => {
      expect(checkFields({ ...BASE, [name]: 'x' })).toEqual([name]);
    },
  );

  it('keeps prototype names as plain ignored fields', () => {
    expect(
      checkFields(JSON.parse('{"symbol":"BTCUSDT","__proto__":{"admin":true},"constructor":1,"toString":2}')),
    ).toEqual(['__proto__', 'constructor', 'toString']);
    expect(probablyMeant('__proto__')).toBeUndefined();
    expect(probablyMeant('hasOwnProperty')).toBeUndefined();
  });

  it('takes generic words for a field only when that field is absent', () => {
    expect(refusal({ symbol: 'BTCUSDT', side: 'buy' }).message).toContain('"action"');
    expect(checkFields({ ...BASE, side: 'buy' })).toEqual(['side']);
    expect(refusal({ ...BASE, sl: 49000 }).message).toMatch(/did you mean "stop_loss"\?$/);
  });

  it('refuses every field that would change the trade, saying it is not supported and what to do instead', () => {
    const unsupported = Object.entries(SIGNAL_FIELDS)
      .filter(([, f]) => f.support === 'unsupported')
      .map(([name]) => name);
    expect(unsupported).toEqual(
      expect.arrayContaining(['reduce_only', 'position_size', 'order_type', 'type', 'price', 'time_in_force']),
    );
    for (const name of unsupported) {
      const error = refusal({ ...BASE, [name]: 'LIMIT' });
      expect(error).toMatchObject({ code: 'UNSUPPORTED_FIELD', httpStatus: 422 });
      expect(error.message).toContain(`"${name}" is not supported yet`);
      expect(error.suggestions.length).toBe(2);
    }
  });

  it('uses the partial-exit and target-position fields', () => {
    const fields = [
      'close_percentage',
      'close_quantity',
      'market_position',
      'market_position_size',
      'prev_market_position',
    ];
    for (const name of fields) {
      expect(SIGNAL_FIELDS[name]).toEqual({ support: 'used' });
      expect(checkFields({ ...BASE, [name]: 'x' })).toEqual([]);
    }
  });

  it('uses the protection, sizing and age fields', () => {
    const used = ['stop_loss', 'take_profit', 'take_profits', 'trailing_stop', 'break_even', 'working_type'];
    const sizing = ['quantity', 'usdt', 'quantity_usdt', 'risk_percentage', 'time', 'max_age_s'];
    for (const name of [...used, ...sizing]) {
      expect(SIGNAL_FIELDS[name]).toEqual({ support: 'used' });
      expect(checkFields({ ...BASE, [name]: 1 })).toEqual([]);
    }
  });

  it('lets through values that ask for nothing different, listing them as ignored', () => {
    expect(
      checkFields({
        ...BASE,
        reduce_only: false,
        order_type: 'market',
        type: 'MARKET',
        price: null,
        time_in_force: '',
      }),
    ).toEqual(['order_type', 'price', 'reduce_only', 'time_in_force', 'type']);
    expect(refusal({ ...BASE, reduce_only: 'true' }).code).toBe('UNSUPPORTED_FIELD');
    expect(refusal({ ...BASE, price: 0 }).code).toBe('UNSUPPORTED_FIELD');
  });
});
