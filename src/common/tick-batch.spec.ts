import { TickBatch } from './tick-batch';

describe('TickBatch', () => {
  it('answers the requests of one turn with one call, each its own answer, duplicates kept', async () => {
    const calls: string[][] = [];
    const batch = new TickBatch(async (keys: string[]) => {
      calls.push(keys);
      return keys.map((k) => k.toUpperCase());
    });
    const answers = await Promise.all([batch.request('a'), batch.request('b'), batch.request('a')]);
    expect(answers).toEqual(['A', 'B', 'A']);
    expect(calls).toEqual([['a', 'b', 'a']]);
  });

  it('joins requests made by promise continuations queued before the batch is sent', async () => {
    const calls: number[][] = [];
    const batch = new TickBatch(async (ns: number[]) => {
      calls.push(ns);
      return ns;
    });
    const first = batch.request(1);
    const later = Promise.resolve()
      .then(() => undefined)
      .then(() => batch.request(2));
    await Promise.all([first, later]);
    expect(calls).toEqual([[1, 2]]);
  });

  it('a later turn is a new batch, and a failed call fails only its own requests', async () => {
    let n = 0;
    const batch = new TickBatch(async (keys: string[]) => {
      n += 1;
      if (n === 1) throw new Error('down');
      return keys;
    });
    await expect(batch.request('x')).rejects.toThrow('down');
    await expect(batch.request('y')).resolves.toBe('y');
  });

  it('with a window, requests made by other events within it share the call', async () => {
    const calls: number[][] = [];
    const batch = new TickBatch(async (ns: number[]) => {
      calls.push(ns);
      return ns;
    }, 20);
    const first = batch.request(1);
    const second = new Promise((resolve) => setImmediate(resolve)).then(() => batch.request(2));
    await Promise.all([first, second]);
    expect(calls).toEqual([[1, 2]]);
  });

  it('with one call in flight, the requests made meanwhile wait for its answer and share the next call', async () => {
    const calls: number[][] = [];
    const answerFirst: Array<() => void> = [];
    const batch = new TickBatch(
      (ns: number[]) => {
        calls.push(ns);
        return new Promise<number[]>((resolve) => answerFirst.push(() => resolve(ns.map((n) => n * 10))));
      },
      0,
      1,
    );
    const first = batch.request(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([[1]]);
    // Made while the first call is on its way: never answered by it.
    const second = batch.request(2);
    const third = new Promise((resolve) => setImmediate(resolve)).then(() => batch.request(3));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(calls).toEqual([[1]]);
    answerFirst.shift()!();
    await expect(first).resolves.toBe(10);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([[1], [2, 3]]);
    answerFirst.shift()!();
    await expect(Promise.all([second, third])).resolves.toEqual([20, 30]);
  });

  it('with one call in flight, a failed call still lets the next batch go', async () => {
    let n = 0;
    const batch = new TickBatch(
      async (keys: string[]) => {
        n += 1;
        if (n === 1) throw new Error('down');
        return keys;
      },
      0,
      1,
    );
    const failed = batch.request('x');
    const later = new Promise((resolve) => setImmediate(resolve)).then(() => batch.request('y'));
    await expect(failed).rejects.toThrow('down');
    await expect(later).resolves.toBe('y');
  });
});
