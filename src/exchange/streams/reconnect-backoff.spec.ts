import { MAX_RECONNECT_DELAY_MS, reconnectDelayMs } from './reconnect-backoff';

describe('reconnectDelayMs', () => {
  it('doubles from 500 ms and stays within half to full of the step', () => {
    expect(reconnectDelayMs(0, () => 1)).toBe(500);
    expect(reconnectDelayMs(0, () => 0)).toBe(250);
    expect(reconnectDelayMs(3, () => 1)).toBe(4000);
    expect(reconnectDelayMs(3, () => 0)).toBe(2000);
  });

  it('is capped at 30 s however many attempts failed', () => {
    for (const attempt of [6, 7, 20, 1000]) {
      expect(reconnectDelayMs(attempt, () => 1)).toBe(MAX_RECONNECT_DELAY_MS);
      expect(reconnectDelayMs(attempt, () => 0)).toBe(MAX_RECONNECT_DELAY_MS / 2);
    }
  });
});
