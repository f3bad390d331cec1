import { BadRequestException } from '@nestjs/common';
import { checkBotDefaults, withBotDefaults } from './bot-defaults';
import { validateSignal } from './signal-validation';

describe('withBotDefaults', () => {
  const defaults = { leverage: 5, margin_type: 'ISOLATED', balance_percentage: 0.1, stop_loss: '2%' };

  it('fills what an entry leaves out, never over what it sends', () => {
    expect(withBotDefaults({ symbol: 'BTCUSDT', action: 'buy', leverage: 10 }, defaults)).toEqual({
      symbol: 'BTCUSDT',
      action: 'buy',
      leverage: 10,
      margin_type: 'ISOLATED',
      balance_percentage: 0.1,
      stop_loss: '2%',
    });
  });

  it('takes none of the default sizing when the alert sizes itself', () => {
    const merged = withBotDefaults({ symbol: 'BTCUSDT', action: 'sell', quantity_usdt: 50 }, defaults);
    expect(merged).not.toHaveProperty('balance_percentage');
    expect(merged).toMatchObject({ quantity_usdt: 50, leverage: 5, stop_loss: '2%' });
  });

  it.each(['Sell', 'BUY', ' long ', 'SHORT'])(
    'fills an entry whatever the case or alias of its action (%j)',
    (action) => {
      expect(withBotDefaults({ symbol: 'BTCUSDT', action }, defaults)).toMatchObject({
        leverage: 5,
        balance_percentage: 0.1,
        stop_loss: '2%',
      });
    },
  );

  it.each(['Close', 'EXIT', 'flat'])('gives a close nothing whatever its word (%j)', (action) => {
    const close = { symbol: 'BTCUSDT', action };
    expect(withBotDefaults(close, defaults)).toBe(close);
  });

  it('fills an action that means nothing too: validation names the action, not a defaulted field', () => {
    const alert = { symbol: 'BTCUSDT', action: '{{strategy.order.action}}' };
    expect(withBotDefaults(alert, defaults)).toMatchObject({ leverage: 5, balance_percentage: 0.1 });
    expect(() => validateSignal(withBotDefaults(alert, defaults), ['BTCUSDT'])).toThrow(
      /^Invalid action: "\{\{strategy.order.action\}\}" is a TradingView placeholder that was not replaced/,
    );
    expect(() => validateSignal(withBotDefaults({ ...alert, action: 'hold' }, defaults), ['BTCUSDT'])).toThrow(
      expect.objectContaining({ suggestions: expect.not.arrayContaining([expect.stringMatching(/leverage/)]) }),
    );
  });

  it('the state-aware quick-reference alert ("action": "long", no size) is sized from the defaults', () => {
    const alert = { symbol: 'BTCUSDT.P', action: 'long', entry: 50000.0, id: 'Long-1795835700000' };
    const signal = validateSignal(withBotDefaults(alert, defaults), ['BTCUSDT']);
    expect(signal).toMatchObject({ action: 'buy', leverage: 5, symbol: 'BTCUSDT' });
    expect(signal.balancePercentage!.toString()).toBe('0.1');
  });

  it('a blank field in the alert counts as left out', () => {
    expect(withBotDefaults({ symbol: 'BTCUSDT', action: 'buy', leverage: '' }, defaults).leverage).toBe(5);
  });

  it('gives a target position only leverage and margin type, and a close nothing', () => {
    expect(withBotDefaults({ symbol: 'BTCUSDT', market_position: 'long' }, defaults)).toEqual({
      symbol: 'BTCUSDT',
      market_position: 'long',
      leverage: 5,
      margin_type: 'ISOLATED',
    });
    const close = { symbol: 'BTCUSDT', action: 'close' };
    expect(withBotDefaults(close, defaults)).toBe(close);
  });
});

describe('checkBotDefaults', () => {
  it('accepts alert fields an alert may send', () => {
    expect(checkBotDefaults({ leverage: 3, quantity_usdt: 100 })).toEqual({ leverage: 3, quantity_usdt: 100 });
    expect(checkBotDefaults({})).toEqual({});
  });

  it.each([
    [[1, 2], /object/],
    [{ symbol: 'ETHUSDT' }, /may not set symbol/],
    [{ action: 'buy' }, /may not set action/],
    [{ levrage: 3 }, /unknown field \\"levrage\\": did you mean \\"leverage\\"/],
    [{ margin_mode: 'CROSSED' }, /did you mean \\"margin_type\\"/],
    [{ side: 'buy' }, /may not set side/],
    [{ leverage: 500 }, /leverage/],
    [{ balance_percentage: 0.1, quantity_usdt: 10 }, /defaults: /],
  ])('refuses %j with a 400 naming the problem', (defaults, message) => {
    let error: unknown;
    try {
      checkBotDefaults(defaults);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BadRequestException);
    expect(JSON.stringify((error as BadRequestException).getResponse())).toMatch(message);
  });
});
