import { ListenKeys, newListenKey } from './listen-keys';

describe("the fake's listenKeys", () => {
  it("are always 64 letters and digits, like Binance's", () => {
    const keys = Array.from({ length: 2000 }, () => newListenKey());
    for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('answer the active key again on POST, a new one once it expired', () => {
    let now = 0;
    const keys = new ListenKeys(() => now);
    const first = keys.create('account');
    expect(keys.create('account')).toBe(first);
    now += 60 * 60_000;
    expect(keys.create('account')).not.toBe(first);
  });
});
