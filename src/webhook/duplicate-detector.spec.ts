import { bodyHash, DuplicateDetector } from './duplicate-detector';

describe('duplicate detector', () => {
  const none = async () => undefined;

  it('runs a signal id at most once per route, even concurrently', async () => {
    const detector = new DuplicateDetector(5000, none);
    const [a, b] = await Promise.all([detector.claim('r', 's1', 'alert-1', {}), detector.claim('r', 's2', 'alert-1', {})]);
    expect([a, b]).toEqual([undefined, 's1']);
    expect(await detector.claim('other-route', 's3', 'alert-1', {})).toBeUndefined();
  });

  it('finds ids executed before a restart in the database', async () => {
    const detector = new DuplicateDetector(5000, async (route, id) => (route === 'r' && id === 'old' ? 'stored-signal' : undefined));
    expect(await detector.claim('r', 's1', 'old', {})).toBe('stored-signal');
  });

  it('treats the same body within the window as a duplicate, and not after it', async () => {
    const detector = new DuplicateDetector(5000, none);
    const body = { symbol: 'BTCUSDT', action: 'buy', secret: 'x' };
    expect(await detector.claim('r', 's1', undefined, body, 1000)).toBeUndefined();
    expect(await detector.claim('r', 's2', undefined, { action: 'buy', symbol: 'BTCUSDT', secret: 'y' }, 2000)).toBe('s1');
    expect(await detector.claim('r', 's3', undefined, body, 7000)).toBeUndefined();
  });

  it('is off with a zero window', async () => {
    const detector = new DuplicateDetector(0, none);
    expect(await detector.claim('r', 's1', undefined, { a: 1 })).toBeUndefined();
    expect(await detector.claim('r', 's2', undefined, { a: 1 })).toBeUndefined();
  });

  it('hashes bodies independently of key order and secrets', () => {
    expect(bodyHash({ a: 1, b: { c: 2, d: 3 } })).toBe(bodyHash({ b: { d: 3, c: 2 }, a: 1, secret: 's' }));
    expect(bodyHash({ a: 1 })).not.toBe(bodyHash({ a: 2 }));
  });
});
