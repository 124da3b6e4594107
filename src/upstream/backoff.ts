/** How long to wait before retrying a vendor call. */
export interface BackoffPolicy {
  /** The first retry waits up to this long. */
  baseMs: number;
  /** No computed wait is longer than this (a vendor's `Retry-After` may be). */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 100, capMs: 2_000 };

/**
 * Exponential backoff with full jitter: a random wait in [0, min(cap, base·2^retry)), so
 * many gateways retrying one vendor spread out. A vendor's `Retry-After` wins when it gives one.
 */
export function retryDelayMs(
  retry: number,
  retryAfterSec: number | undefined,
  random: () => number = Math.random,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number {
  if (retryAfterSec !== undefined) return Math.max(0, retryAfterSec * 1000);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}
