import { BatchExecutionOrder } from './batch-execution-order';

describe('BatchExecutionOrder', () => {
  it('runs as sent or reversed when forced', () => {
    const order = new BatchExecutionOrder();
    order.set({ mode: 'as-sent' });
    expect(order.order(3)).toEqual([0, 1, 2]);
    order.set({ mode: 'reverse' });
    expect(order.order(3)).toEqual([2, 1, 0]);
  });

  it('shuffles reproducibly from a seed, and reaches every order', () => {
    const a = new BatchExecutionOrder();
    const b = new BatchExecutionOrder();
    a.set({ mode: 'random', seed: 42 });
    b.set({ mode: 'random', seed: 42 });
    const runs = Array.from({ length: 50 }, () => a.order(2).join(''));
    expect(Array.from({ length: 50 }, () => b.order(2).join(''))).toEqual(runs);
    expect(new Set(runs)).toEqual(new Set(['01', '10']));
  });

  it('refuses an unknown mode', () => {
    expect(() => new BatchExecutionOrder().set({ mode: 'sideways' as never })).toThrow(/mode/);
  });
});
