/** The seed's usage examples, then partial exits and target positions, offered in Swagger UI as named request bodies. */
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
};
