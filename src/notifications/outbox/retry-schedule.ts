/**
 * When to try a failed delivery again (pure): exponential backoff from the
 * base delay, doubled per attempt up to the maximum, with jitter so several
 * instances retrying a recovered channel do not all hit it in the same
 * instant; never sooner than the time the channel itself asked for.
 */
export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
}

export function retryDelayMs(
  attempts: number,
  policy: RetryPolicy,
  channelAskedMs?: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, Math.min(attempts - 1, 40)));
  // "Equal jitter": half the delay fixed, half random, so the delay still grows.
  const jittered = Math.round(exponential / 2 + random() * (exponential / 2));
  return Math.max(jittered, channelAskedMs ?? 0);
}
