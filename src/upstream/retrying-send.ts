import { setTimeout as sleepFor } from 'node:timers/promises';
import { VendorFailure } from './vendor-failure.js';
import { DEFAULT_BACKOFF, retryDelayMs, type BackoffPolicy } from './backoff.js';

export interface RetryOptions {
  /** Retries after the first attempt. */
  retries: number;
  /** Epoch ms; no wait is started that would end at or after it. */
  deadline: number;
  /** A wait ends early (rejecting with the abort) when this aborts: the caller went away. */
  signal?: AbortSignal;
  policy?: BackoffPolicy;
  now?: () => number;
  sleep?: (ms: number) => Promise<unknown>;
  random?: () => number;
  /** Called before each wait, with the failure that is being retried. */
  onRetry?: (failure: VendorFailure, waitMs: number) => void;
}

/**
 * Runs an idempotent vendor read (all of ours are, POST list calls included) and retries
 * it while the failure says it may be retried (408, 429, 502, 503, 504, resets; never a
 * timeout, so a hung vendor costs one `timeoutMs` per page).
 * When the next wait would pass the deadline, or the retries are spent, the last failure
 * is thrown: the source then reads `rate_limited`, `timeout` or `error`.
 */
export async function retryingSend<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => sleepFor(ms, undefined, { signal: options.signal }));
  let previous: VendorFailure | undefined;
  for (let retry = 0; ; retry += 1) {
    try {
      return await attempt();
    } catch (error) {
      const failure = VendorFailure.from(error);
      // The breaker opened during our retries: the vendor's own failure says more.
      if (failure.code === 'CIRCUIT_OPEN' && previous) throw previous;
      const waitMs = retryDelayMs(retry, failure.retryAfterSec, options.random, options.policy ?? DEFAULT_BACKOFF);
      if (!failure.retryable || retry >= options.retries || now() + waitMs >= options.deadline) {
        throw withRetryHint(failure, waitMs);
      }
      options.onRetry?.(failure, waitMs);
      await sleep(waitMs);
      previous = failure;
    }
  }
}

/** A 429 without `Retry-After` still tells the caller when to come back: after our next wait. */
function withRetryHint(failure: VendorFailure, waitMs: number): VendorFailure {
  if (failure.code !== 'VENDOR_RATE_LIMITED' || failure.retryAfterSec !== undefined) return failure;
  const hint = Math.max(1, Math.ceil(waitMs / 1000));
  return new VendorFailure(failure.code, failure.message, hint, failure.retryable, failure.vendorStatus);
}
