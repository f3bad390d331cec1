/**
 * How long to wait before reconnecting a stream: exponential from 500 ms,
 * capped at 30 s, with jitter (half to full delay) so that several instances
 * cut at once do not reconnect in step.
 */
export const FIRST_RECONNECT_DELAY_MS = 500;
export const MAX_RECONNECT_DELAY_MS = 30_000;

export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const full = Math.min(MAX_RECONNECT_DELAY_MS, FIRST_RECONNECT_DELAY_MS * 2 ** Math.max(0, attempt));
  return Math.round(full / 2 + (full / 2) * random());
}
