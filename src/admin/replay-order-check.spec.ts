import { firstOrderThatMayHaveTraded, mayHaveTraded, mayHaveTradedReason } from './replay-order-check';

describe('mayHaveTraded', () => {
  it.each([
    ['UNKNOWN', null, true],
    ['FILLED', '1', true],
    ['PARTIALLY_FILLED', '0.5', true],
    ['NEW', null, true],
    ['PENDING', null, true],
    ['CANCELED', '0.2', true],
    ['EXPIRED', '0.2', true],
    ['CANCELED', '0', false],
    ['EXPIRED', null, false],
    ['FAILED', null, false],
    ['REJECTED', null, false],
  ])('%s with %s executed: %s', (status, executedQty, expected) => {
    expect(mayHaveTraded({ clientOrderId: 'c', status, executedQty })).toBe(expected);
  });

  it('names the first such order, its status and what to do instead', () => {
    const order = firstOrderThatMayHaveTraded([
      { clientOrderId: 'a', status: 'FAILED' },
      { clientOrderId: 'tvb_x_op', status: 'PARTIALLY_FILLED' },
    ])!;
    expect(mayHaveTradedReason(order)).toBe(
      'order tvb_x_op is partially filled (it executed): replaying could trade twice; check the position on ' +
        'Binance (and its order history), then close it or send a new alert instead of replaying',
    );
  });
});
