import { SignalRejection } from '../common/signal-rejection';
import { assertShallow, jsonDepth, parseBody, validateSignal } from './signal-validation';
import { WEBHOOK_EXAMPLES } from './webhook-examples';

const TRADABLE = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];

function rejection(fn: () => unknown): SignalRejection {
  try {
    fn();
  } catch (error) {
    if (error instanceof SignalRejection) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('webhook body parsing', () => {
  it('parses JSON sent as text/plain, with a BOM or surrounding spaces', () => {
    expect(parseBody('\uFEFF {"symbol":"BTCUSDT"} ')).toEqual({ symbol: 'BTCUSDT' });
    expect(parseBody({ symbol: 'BTCUSDT' })).toEqual({ symbol: 'BTCUSDT' });
  });

  it.each([
    ['', 'EMPTY_BODY'],
    ['   ', 'EMPTY_BODY'],
    ['{"symbol":', 'INVALID_JSON'],
    ['buy BTCUSDT', 'INVALID_JSON'],
    ['[1,2]', 'NOT_AN_OBJECT'],
    ['42', 'NOT_AN_OBJECT'],
    ['null', 'NOT_AN_OBJECT'],
  ])('refuses %j with %s (400)', (body, code) => {
    const error = rejection(() => parseBody(body));
    expect(error).toMatchObject({ code, httpStatus: 400 });
  });

  it('counts nesting outside strings only', () => {
    expect(jsonDepth('{"a":[{"b":"[[[{{{"}]}')).toBe(3);
    expect(jsonDepth('"\\"[[["')).toBe(0);
    expect(() => assertShallow(`{"a":${'['.repeat(31)}${']'.repeat(31)}}`)).not.toThrow();
    const tooDeep = rejection(() => assertShallow(`{"a":${'['.repeat(32)}${']'.repeat(32)}}`));
    expect(tooDeep).toMatchObject({ code: 'TOO_DEEP', httpStatus: 400 });
    expect(parseBody(`{"secret":"s","x":${'['.repeat(20_000)}${']'.repeat(20_000)}}`).secret).toBe('s');
  });

  it.each(['hook-secret-5f4e3d2c1b {', '{"note": hook-secret-5f4e3d2c1b}', `${'x'.repeat(40)}hook-secret-5f4e3d2c1b`])(
    'never quotes the input in the JSON error message (%j)',
    (body) => {
      const error = rejection(() => parseBody(body));
      expect(error.code).toBe('INVALID_JSON');
      expect(error.message).not.toMatch(/hook|secr|xxxx/);
      expect(error.message).toMatch(/^Invalid JSON in request body: (Unexpected token '.'|.*at position \d+)/);
    },
  );
});

describe('signal validation', () => {
  const base = { symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.25, leverage: 10, entry: 50000 };

  it('accepts the documented message and keeps the numbers exact', () => {
    const signal = validateSignal(base, TRADABLE);
    expect(signal).toMatchObject({ action: 'buy', symbol: 'BTCUSDT', leverage: 10 });
    expect(signal.balancePercentage!.toString()).toBe('0.25');
    expect(signal.entry!.toString()).toBe('50000');
  });

  it('reads "25%" as 0.25, takes exit for close and lists unused fields', () => {
    expect(validateSignal({ ...base, balance_percentage: '25%' }, TRADABLE).balancePercentage!.toString()).toBe('0.25');
    const full = validateSignal({ ...base, balance_percentage: ' 100 % ' }, TRADABLE);
    expect(full.balancePercentage!.toString()).toBe('1');
    expect(validateSignal({ ...base, balance_percentage: '1%' }, TRADABLE).balancePercentage!.toString()).toBe('0.01');
    expect(validateSignal({ symbol: 'BTCUSDT', action: 'Exit' }, TRADABLE).action).toBe('close');
    expect(validateSignal({ ...base, comment: 'x', alert: 'y' }, TRADABLE).ignoredFields).toEqual(['alert', 'comment']);
  });

  it('accepts numbers as strings, case-insensitive actions and market-position words', () => {
    expect(
      validateSignal({ ...base, action: 'BUY', balance_percentage: '0.10', leverage: '5', entry: '43000.5' }, TRADABLE),
    ).toMatchObject({ action: 'buy', leverage: 5 });
    expect(validateSignal({ ...base, action: 'Long' }, TRADABLE).action).toBe('buy');
    expect(validateSignal({ ...base, action: 'short' }, TRADABLE).action).toBe('sell');
    expect(validateSignal({ symbol: 'btc', action: 'FLAT' }, TRADABLE)).toMatchObject({
      action: 'close',
      symbol: 'BTCUSDT',
      balancePercentage: undefined,
    });
  });

  it('ignores balance_percentage for close and takes optional fields', () => {
    const signal = validateSignal(
      { symbol: 'ETHUSDT.P', action: 'close', balance_percentage: 7, margin_type: 'cross', id: 42 },
      TRADABLE,
    );
    expect(signal).toMatchObject({ action: 'close', symbol: 'ETHUSDT', marginType: 'CROSSED', externalId: '42' });
  });

  it.each([
    [
      { ...base, balance_percentage: 1.5 },
      'Invalid balance_percentage: balance_percentage is a fraction of the balance from 0.01 to 1.0 ' +
        '(got 1.5, which would be 150%): for 1.5% use 0.015 or "1.5%"',
    ],
    [{ ...base, balance_percentage: 25 }, 'for 25% use 0.25 or "25%"'],
    [{ ...base, balance_percentage: 250 }, 'balance_percentage must be a number from 0.01 to 1.0 (got 250)'],
    [{ ...base, balance_percentage: '0.5%' }, 'balance_percentage must be a number from 0.01 to 1.0 (got 0.005)'],
    [{ ...base, balance_percentage: '250%' }, 'balance_percentage must be a number from 0.01 to 1.0 (got "250%")'],
    [{ ...base, balance_percentage: '%' }, 'balance_percentage must be a number from 0.01 to 1.0 (got "%")'],
    [{ ...base, balance_percentage: 0.001 }, 'balance_percentage must be a number from 0.01 to 1.0'],
    [{ ...base, balance_percentage: '25 %x' }, 'balance_percentage must be a number from 0.01 to 1.0 (got "25 %x")'],
    [{ ...base, balance_percentage: 'NaN' }, 'balance_percentage'],
    [{ ...base, balance_percentage: '1e-1' }, 'balance_percentage'],
    [{ ...base, leverage: 0 }, 'Invalid leverage: leverage must be an integer from 1 to 125 (got 0)'],
    [{ ...base, leverage: 126 }, 'leverage must be an integer from 1 to 125'],
    [{ ...base, leverage: 2.5 }, 'leverage must be an integer from 1 to 125'],
    [{ ...base, leverage: undefined }, 'leverage must be an integer from 1 to 125 (got nothing)'],
    [{ ...base, entry: -1 }, 'Invalid entry: entry must be a number greater than 0 (got -1)'],
    [{ ...base, entry: '{{close}}' }, 'Invalid entry: "{{close}}" is a TradingView placeholder that was not replaced'],
    [
      { ...base, symbol: '{{ticker}}' },
      'Invalid symbol: "{{ticker}}" is a TradingView placeholder that was not replaced',
    ],
    [{ ...base, action: '{{strategy.order.action}}' }, '"{{strategy.order.action}}" is a TradingView placeholder'],
    [{ ...base, stop_loss: { price: '{{low}}' } }, 'Invalid stop_loss: "{{low}}" is a TradingView placeholder'],
    [
      { ...base, action: 'hold' },
      'Invalid action: action must be buy, sell or close (or long, short, flat, exit) (got "hold")',
    ],
    [{ ...base, action: undefined }, 'Invalid action'],
    [{ ...base, symbol: '' }, 'Invalid symbol'],
    [{ ...base, symbol: 42 }, 'symbol must be a text'],
    [{ ...base, margin_type: 'portfolio' }, 'margin_type must be ISOLATED or CROSSED'],
  ])('refuses %j (422): %s', (payload, message) => {
    const error = rejection(() => validateSignal(payload, TRADABLE));
    expect(error).toMatchObject({ code: 'VALIDATION', httpStatus: 422 });
    expect(error.message).toContain(message);
    expect(error.suggestions.length).toBeGreaterThan(0);
  });

  it('keeps a placeholder in a field it does not trade on (an id, a comment)', () => {
    const signal = validateSignal({ ...base, id: 'Long-{{timenow}}', comment: '{{strategy.order.comment}}' }, TRADABLE);
    expect(signal.externalId).toBe('Long-{{timenow}}');
    expect(signal.ignoredFields).toEqual(['comment']);
  });

  it('refuses an unknown symbol with 400 and the closest valid symbols', () => {
    const error = rejection(() => validateSignal({ ...base, symbol: 'ETHUSTD' }, TRADABLE));
    expect(error).toMatchObject({ code: 'INVALID_SYMBOL', httpStatus: 400 });
    expect(error.message).toMatch(/^Invalid symbol: ETHUSTD/);
    expect(error.suggestions[0]).toMatch(/Did you mean ETHUSDT/);
  });

  it('reads partial exits and target positions (any case, "50%", empty placeholders as absent)', () => {
    expect(validateSignal({ symbol: 'ETHUSDT', action: 'close', close_percentage: '50%' }, TRADABLE)).toMatchObject({
      action: 'close',
      partial: { percentage: expect.anything() },
    });
    const target = validateSignal(
      { symbol: 'ETHUSDT', market_position: ' LONG ', market_position_size: '0.3', prev_market_position: '' },
      TRADABLE,
    );
    expect(target).toMatchObject({ action: 'target', target: { position: 'long', previous: undefined } });
    expect(target.target!.size!.toString()).toBe('0.3');
    expect(target.balancePercentage).toBeUndefined();
    const sized = validateSignal(
      { symbol: 'ETHUSDT', market_position: 'short', balance_percentage: 0.1, leverage: 5 },
      TRADABLE,
    );
    expect(sized).toMatchObject({ action: 'target', leverage: 5, target: { position: 'short', size: undefined } });
    expect(sized.balancePercentage!.toString()).toBe('0.1');
  });

  it('accepts every Swagger example', () => {
    for (const { value } of Object.values(WEBHOOK_EXAMPLES))
      expect(() => validateSignal(value, TRADABLE)).not.toThrow();
  });
});
