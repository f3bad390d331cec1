import { currentAccountExchange, currentAccountId, inAccount, PerAccount } from './account-context';
import type { ExchangePort } from './exchange.port';

describe('account context', () => {
  it('is the default account outside any run', () => {
    expect(currentAccountId()).toBe('default');
    expect(currentAccountExchange()).toBeUndefined();
  });

  it('follows each run across awaits, runs in parallel kept apart', async () => {
    const exchange = {} as ExchangePort;
    const seen: string[] = [];
    const run = (id: string, delay: number) =>
      inAccount({ accountId: id, exchange }, async () => {
        await new Promise((resolve) => setTimeout(resolve, delay));
        seen.push(currentAccountId());
        return currentAccountExchange();
      });
    const results = await Promise.all([run('a', 20), run('b', 5)]);
    expect(seen).toEqual(['b', 'a']);
    expect(results).toEqual([exchange, exchange]);
    expect(currentAccountId()).toBe('default');
  });

  it('PerAccount keeps one value per account', async () => {
    const counters = new PerAccount(() => ({ n: 0 }));
    counters.current.n += 1;
    await inAccount({ accountId: 'x' }, async () => {
      counters.current.n += 5;
      expect(counters.current.n).toBe(5);
    });
    expect(counters.current.n).toBe(1);
  });
});
