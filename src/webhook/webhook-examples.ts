/** The seed's usage examples, offered in Swagger UI as named request bodies. */
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
};
