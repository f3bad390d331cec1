/**
 * Fuzz input for the protection, sizing and age fields of an alert: every
 * value here is wrong in a way the service must refuse (4xx, recorded) before
 * any order reaches the exchange.
 */
import fc from 'fast-check';

/**
 * A buy or sell whose protection, sizing or age fields are wrong: malformed,
 * out of range, a trigger on the wrong side of the price, two sizing fields,
 * or an alert older than it allows. Each must be refused before any order.
 */
const junk = fc.constantFrom(0, -1, '', 'abc', '{{close}}', true, [1], { x: 1 }, 'NaN', '1e5', -0.5);
export const badProtection = fc
  .record({
    action: fc.constantFrom('buy', 'sell', 'long', 'short'),
    // The same fields on a target-position alert (which takes protection when it opens or adds).
    target: fc.boolean(),
    bad: fc.oneof(
      junk.filter((v) => v !== '').map((v) => ({ stop_loss: v })),
      fc
        .constantFrom({ percent: 0 }, { percent: 100 }, { percent: 250 }, { price: 1, percent: 1 }, { pct: 2 })
        .map((v) => ({ stop_loss: v })),
      fc.constantFrom('0%', '-2%', '100%', 'x%').map((v) => ({ stop_loss: v })),
      junk.filter((v) => v !== '').map((v) => ({ take_profit: v })),
      fc
        .constantFrom(
          [],
          Array.from({ length: 6 }, () => ({ percent: 1, size_percent: 10 })),
          [
            { percent: 1, size_percent: 70 },
            { percent: 2, size_percent: 40 },
          ],
          [{ percent: 1, size_percent: 0 }],
          [{ percent: 1 }],
          [{ size_percent: 50 }],
          [1, 2],
          { price: 1 },
        )
        .map((v) => ({ take_profits: v })),
      fc
        .constantFrom({ callback_rate: 0 }, { callback_rate: 11 }, { callback_rate: 'x' }, {}, 2, {
          callback_rate: 1,
          activation_percent: 0,
        })
        .map((v) => ({ trailing_stop: v })),
      fc.constantFrom(
        { break_even: true, take_profit: '5%' },
        { break_even: 'maybe', stop_loss: '2%', take_profit: '4%' },
      ),
      // working_type alone says which price no trigger watches: refused rather than a silent no-op.
      fc.constantFrom({ working_type: 'MARK_PRICE' }, { working_type: 'CONTRACT_PRICE', break_even: false }),
      fc.constantFrom(
        { working_type: 'LAST_PRICE', stop_loss: '2%' },
        { stop_loss: '2%', take_profit: '2%', take_profits: [{ percent: 1, size_percent: 50 }] },
      ),
      // Wrong side of the price (BTCUSDT trades near 50000): a stop far above for a buy is only refused for buys.
      fc.constantFrom(
        { stop_loss: 10_000_000 },
        { take_profit: 300 },
        { stop_loss: 300, action: 'sell' },
        { take_profit: 10_000_000, action: 'sell' },
      ),
      fc.constantFrom(
        { usdt: 100 },
        { quantity: 0.01 },
        { risk_percentage: 0.01, stop_loss: '2%' },
        { quantity_usdt: 50 },
      ),
      junk.filter((v) => v !== '').map((v) => ({ balance_percentage: undefined, quantity: v })),
      junk.filter((v) => v !== '').map((v) => ({ balance_percentage: undefined, usdt: v })),
      fc
        .constantFrom(
          { risk_percentage: 0.01 },
          { risk_percentage: 5, stop_loss: '2%' },
          { risk_percentage: '50%', stop_loss: '2%' },
        )
        .map((v) => ({ balance_percentage: undefined, ...v })),
      fc.constantFrom(
        { time: '2000-01-01T00:00:00Z', max_age_s: 10 },
        { time: 'yesterday' },
        { max_age_s: 30 },
        { time: '2025-01-01T00:00:00Z', max_age_s: 0 },
      ),
    ),
  })
  .map(({ action, target, bad }) => {
    const sell = (bad as { action?: string }).action === 'sell';
    // Wrong-side cases name their own side.
    const side = sell ? 'sell' : action;
    if (target) {
      const { action: _side, balance_percentage: _balance, ...fields } = bad as Record<string, unknown>;
      const position = side === 'buy' || side === 'long' ? 'long' : 'short';
      return JSON.stringify({ symbol: 'BTCUSDT', market_position: position, market_position_size: 0.01, ...fields });
    }
    return JSON.stringify({
      symbol: 'BTCUSDT',
      action: side,
      balance_percentage: 0.1,
      leverage: 5,
      ...bad,
      ...(sell ? { action: 'sell' } : {}),
    });
  })
  .filter((json) => {
    const signal = JSON.parse(json) as Record<string, unknown>;
    // A far stop is only the wrong side for a buy, a low target only for a buy.
    if (signal.stop_loss === 10_000_000 || signal.take_profit === 300)
      return ['buy', 'long'].includes(String(signal.action ?? signal.market_position));
    return true;
  });
