import { SymbolQueue } from './symbol-queue';

const tick = (ms = 1) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SymbolQueue', () => {
  it('runs a symbol’s work in the order places were taken, whenever the work is given', async () => {
    const queue = new SymbolQueue();
    const ran: string[] = [];
    const first = queue.reserve('ETHUSDT');
    const second = queue.reserve('ETHUSDT');
    // The second place's work is known first (its duplicate check answered sooner).
    const b = second.run(async () => ran.push('second'));
    await tick(5);
    expect(ran).toEqual([]);
    const a = first.run(async () => ran.push('first'));
    await Promise.all([a, b]);
    expect(ran).toEqual(['first', 'second']);
  });

  it('a released place passes its turn on', async () => {
    const queue = new SymbolQueue();
    const ran: string[] = [];
    const released = queue.reserve('BTCUSDT');
    const next = queue.run('BTCUSDT', async () => ran.push('next'));
    await tick(5);
    expect(ran).toEqual([]);
    released.release();
    await next;
    expect(ran).toEqual(['next']);
  });

  it('keeps symbols independent', async () => {
    const queue = new SymbolQueue();
    const waiting = queue.reserve('BTCUSDT');
    await expect(queue.run('ETHUSDT', async () => 'eth')).resolves.toBe('eth');
    waiting.release();
  });
});
