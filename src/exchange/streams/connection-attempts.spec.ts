import { ConnectionAttempts } from './connection-attempts';

describe('ConnectionAttempts', () => {
  it('lets the first attempts of a window go at once, then spaces the rest by the oldest leaving the window', () => {
    let now = 1_000_000;
    const attempts = new ConnectionAttempts(3, 1000, () => now);
    expect([attempts.reserve(), attempts.reserve(), attempts.reserve()]).toEqual([0, 0, 0]);
    // The fourth and fifth wait for the first and second to be a window old.
    expect(attempts.reserve()).toBe(1000);
    now += 400;
    expect(attempts.reserve()).toBe(600);
    // Once the window has passed, attempts go at once again.
    now += 5000;
    expect(attempts.reserve()).toBe(0);
  });

  it('never counts more than the limit in any window, whatever the order of reservations', () => {
    let now = 0;
    const attempts = new ConnectionAttempts(5, 100, () => now);
    const slots: number[] = [];
    for (let i = 0; i < 40; i++) {
      if (i % 7 === 0) now += 13;
      slots.push(now + attempts.reserve());
    }
    for (const start of slots) expect(slots.filter((s) => s >= start && s < start + 100).length).toBeLessThanOrEqual(5);
    expect([...slots].sort((a, b) => a - b)).toEqual(slots);
  });
});
