import { bodyHash, ClaimRequest, DuplicateDetector } from './duplicate-detector';

describe('duplicate detector', () => {
  const none = async () => undefined;
  const req = (signalId: string, body: Record<string, unknown>, extra: Partial<ClaimRequest> = {}): ClaimRequest => ({
    route: 'r',
    signalId,
    symbol: (body.symbol as string | undefined) ?? 'BTCUSDT',
    body,
    ...extra,
  });

  it('runs a signal id at most once per route, even concurrently', async () => {
    const detector = new DuplicateDetector(5000, none);
    const body = { symbol: 'BTCUSDT', action: 'buy', id: 'alert-1' };
    const [a, b] = await Promise.all([
      detector.claim(req('s1', body, { externalId: 'alert-1' })),
      detector.claim(req('s2', body, { externalId: 'alert-1' })),
    ]);
    expect([a, b]).toEqual([{ kind: 'new' }, { kind: 'duplicate', originalId: 's1' }]);
    expect(await detector.claim(req('s3', body, { externalId: 'alert-1', route: 'other-route' }))).toEqual({
      kind: 'new',
    });
  });

  it('refuses the same id with another body: a repeated order name, not a retry', async () => {
    const detector = new DuplicateDetector(5000, none);
    expect(
      await detector.claim(req('s1', { symbol: 'BTCUSDT', action: 'buy', id: 'Long' }, { externalId: 'Long' })),
    ).toEqual({ kind: 'new' });
    const next = await detector.claim(
      req('s2', { symbol: 'BTCUSDT', action: 'buy', id: 'Long', entry: 1 }, { externalId: 'Long' }),
    );
    expect(next).toEqual({ kind: 'id-reused', originalId: 's1' });
    // The refused one claimed nothing: a retry of the first is still a duplicate.
    expect(
      await detector.claim(req('s3', { symbol: 'BTCUSDT', action: 'buy', id: 'Long' }, { externalId: 'Long' })),
    ).toEqual({ kind: 'duplicate', originalId: 's1' });
  });

  it('finds ids executed before a restart in the database, with their body', async () => {
    const body = { symbol: 'BTCUSDT', action: 'buy', id: 'old' };
    const stored = async (route: string, id: string) =>
      route === 'r' && id === 'old' ? { signalId: 'stored-signal', bodyHash: bodyHash(body) } : undefined;
    expect(await new DuplicateDetector(5000, stored).claim(req('s1', body, { externalId: 'old' }))).toEqual({
      kind: 'duplicate',
      originalId: 'stored-signal',
    });
    expect(
      await new DuplicateDetector(5000, stored).claim(req('s1', { ...body, leverage: 3 }, { externalId: 'old' })),
    ).toEqual({ kind: 'id-reused', originalId: 'stored-signal' });
    const legacy = async () => ({ signalId: 'before-hashes', bodyHash: null });
    expect(await new DuplicateDetector(5000, legacy).claim(req('s1', body, { externalId: 'old' }))).toEqual({
      kind: 'duplicate',
      originalId: 'before-hashes',
    });
  });

  it('keeps refusing ids from memory while the database cannot be asked', async () => {
    const detector = new DuplicateDetector(5000, async () => Promise.reject(new Error('connection refused')));
    const body = { symbol: 'BTCUSDT', action: 'buy', id: 'a' };
    expect(await detector.claim(req('s1', body, { externalId: 'a' }))).toEqual({ kind: 'new' });
    expect(await detector.claim(req('s2', body, { externalId: 'a' }))).toEqual({ kind: 'duplicate', originalId: 's1' });
  });

  it('treats the same body within the window as a duplicate, and not after it', async () => {
    const detector = new DuplicateDetector(5000, none);
    const body = { symbol: 'BTCUSDT', action: 'buy', secret: 'x' };
    expect(await detector.claim(req('s1', body), 1000)).toEqual({ kind: 'new' });
    expect(await detector.claim(req('s2', { action: 'buy', symbol: 'BTCUSDT', secret: 'y' }), 2000)).toEqual({
      kind: 'duplicate',
      originalId: 's1',
    });
    expect(await detector.claim(req('s2b', body), 3000)).toEqual({ kind: 'duplicate', originalId: 's1' });
    expect(await detector.claim(req('s3', body), 7000)).toEqual({ kind: 'new' });
  });

  it('never swallows a body when another signal for the symbol came in between (close → buy → close)', async () => {
    const detector = new DuplicateDetector(5000, none);
    const close = { symbol: 'BTCUSDT', action: 'close' };
    expect(await detector.claim(req('c1', close), 1000)).toEqual({ kind: 'new' });
    expect(await detector.claim(req('b1', { symbol: 'BTCUSDT', action: 'buy' }), 1100)).toEqual({ kind: 'new' });
    expect(await detector.claim(req('c2', close), 1200)).toEqual({ kind: 'new' });
    expect(await detector.claim(req('c3', close), 1300)).toEqual({ kind: 'duplicate', originalId: 'c2' });
    // A signal with an id counts as "in between" too; another symbol does not.
    expect(
      await detector.claim(req('b2', { symbol: 'BTCUSDT', action: 'buy', id: 'x' }, { externalId: 'x' }), 1400),
    ).toEqual({ kind: 'new' });
    expect(await detector.claim(req('c4', close), 1500)).toEqual({ kind: 'new' });
    expect(await detector.claim(req('e1', { symbol: 'ETHUSDT', action: 'buy' }), 1600)).toEqual({ kind: 'new' });
    expect(await detector.claim(req('c5', close), 1700)).toEqual({ kind: 'duplicate', originalId: 'c4' });
  });

  it('is off with a zero window', async () => {
    const detector = new DuplicateDetector(0, none);
    expect(await detector.claim(req('s1', { a: 1 }))).toEqual({ kind: 'new' });
    expect(await detector.claim(req('s2', { a: 1 }))).toEqual({ kind: 'new' });
  });

  it('hashes bodies independently of key order and secrets', () => {
    expect(bodyHash({ a: 1, b: { c: 2, d: 3 } })).toBe(bodyHash({ b: { d: 3, c: 2 }, a: 1, secret: 's' }));
    expect(bodyHash({ a: 1 })).not.toBe(bodyHash({ a: 2 }));
  });
});
