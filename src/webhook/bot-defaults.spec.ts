import { BadRequestException } from '@nestjs/common';
import { checkBotDefaults, withBotDefaults } from './bot-defaults';

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
