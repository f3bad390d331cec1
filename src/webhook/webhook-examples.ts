/**
 * The webhook's usage examples (buy, sell, close), partial exits, target positions, and protection and sizing,
 * offered in Swagger UI.
 */
export const WEBHOOK_EXAMPLES = {
  'example-1-conservative-long': {
    summary: 'Example 1: conservative long (10% of balance, 5x)',
    value: { symbol: 'BTCUSDT', action: 'buy', balance_percentage: 0.1, leverage: 5, entry: 43000.0 },
  },
  'example-2-aggressive-short': {
    summary: 'Example 2: aggressive short (50% of balance, 20x)',
    value: { symbol: 'ETHUSDT', action: 'sell', balance_percentage: 0.5, leverage: 20, entry: 2500.0 },
  },
  'example-3-close-all': {
    summary: 'Example 3: close all BTCUSDT positions',
    value: { symbol: 'BTCUSDT', action: 'close', balance_percentage: 0.25, leverage: 10, entry: 45000.0 },
  },
  'partial-exit-half': {
    summary: 'Partial exit: close 50% of the ETHUSDT position (reduce-only)',
    value: { symbol: 'ETHUSDT', action: 'close', close_percentage: 50 },
  },
  'target-long': {
    summary: 'Target position: be long 0.01 BTC (only the difference is traded; already there: skipped)',
    value: {
      symbol: 'BTCUSDT',
      market_position: 'long',
      market_position_size: 0.01,
      prev_market_position: 'flat',
      leverage: 5,
      entry: 50000,
    },
  },
  'target-flat': {
    summary: 'Target position: flat (closes, like close)',
    value: { symbol: 'BTCUSDT', market_position: 'flat', market_position_size: 0 },
  },
  'example-4-long-with-stop-and-targets': {
    summary: 'Example 4: long with a stop 2% under the fill, two take profits, break-even after the first',
    value: {
      symbol: 'BTCUSDT',
      action: 'buy',
      balance_percentage: 0.1,
      leverage: 5,
      stop_loss: { percent: 2 },
      take_profits: [
        { percent: 3, size_percent: 50 },
        { percent: 6, size_percent: 50 },
      ],
      break_even: true,
    },
  },
  'example-5-risk-sized-short-with-trailing-stop': {
    summary: 'Example 5: short risking 1% of the balance at the stop, with a trailing stop',
    value: {
      symbol: 'ETHUSDT',
      action: 'sell',
      risk_percentage: '1%',
      leverage: 10,
      stop_loss: { percent: 1.5 },
      trailing_stop: { callback_rate: 1, activation_percent: 2 },
    },
  },
};
