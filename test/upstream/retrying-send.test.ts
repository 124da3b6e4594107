import { describe, expect, it, vi } from 'vitest';
import { VendorFailure } from '../../src/upstream/vendor-failure.js';
import { retryingSend, type RetryOptions } from '../../src/upstream/retrying-send.js';

/** A fake clock that sleeping moves forward. */
function clock(start = 1_000_000) {
  let now = start;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    sleep: async (ms: number) => {
      waits.push(ms);
      now += ms;
    },
  };
}

const unavailable = () => new VendorFailure('VENDOR_HTTP_ERROR', 'answered 503', undefined, true, 503);
const rateLimited = (retryAfterSec?: number) => new VendorFailure('VENDOR_RATE_LIMITED', 'answered 429', retryAfterSec, true, 429);

function failingThen<T>(failures: VendorFailure[], value: T) {
  const calls = { count: 0 };
  const attempt = vi.fn(async () => {
    calls.count += 1;
    const failure = failures.shift();
    if (failure) throw failure;
    return value;
  });
  return { attempt, calls };
}

function options(time: ReturnType<typeof clock>, overrides: Partial<RetryOptions> = {}): RetryOptions {
  return { retries: 2, deadline: time.now() + 10_000, now: time.now, sleep: time.sleep, random: () => 0.5, ...overrides };
}

describe('retryingSend', () => {
  it('retries a retryable failure with growing jittered waits, then succeeds', async () => {
    const time = clock();
    const { attempt } = failingThen([unavailable(), unavailable()], 'page');
    const onRetry = vi.fn();
    await expect(retryingSend(attempt, options(time, { onRetry }))).resolves.toBe('page');
    expect(attempt).toHaveBeenCalledTimes(3);
    expect(time.waits).toEqual([50, 100]);
    expect(onRetry).toHaveBeenCalledTimes(2);
  });

  it('throws the last failure once the retries are spent', async () => {
    const time = clock();
    const { attempt } = failingThen([unavailable(), unavailable(), unavailable(), unavailable()], 'page');
    await expect(retryingSend(attempt, options(time))).rejects.toMatchObject({ code: 'VENDOR_HTTP_ERROR' });
    expect(attempt).toHaveBeenCalledTimes(3);
  });

  it('does not retry a failure that is not retryable', async () => {
    const time = clock();
    const { attempt } = failingThen([new VendorFailure('VENDOR_UNAUTHORIZED', 'answered 401', undefined, false, 401)], 'page');
    await expect(retryingSend(attempt, options(time))).rejects.toMatchObject({ code: 'VENDOR_UNAUTHORIZED' });
    expect(attempt).toHaveBeenCalledTimes(1);
    expect(time.waits).toEqual([]);
  });

  it('honours Retry-After when it fits before the deadline', async () => {
    const time = clock();
    const { attempt } = failingThen([rateLimited(3)], 'page');
    await expect(retryingSend(attempt, options(time))).resolves.toBe('page');
    expect(time.waits).toEqual([3_000]);
  });

  it('stops at once when the wait would pass the deadline, and says when to come back', async () => {
    const time = clock();
    const { attempt } = failingThen([rateLimited(30)], 'page');
    await expect(retryingSend(attempt, options(time))).rejects.toMatchObject({ code: 'VENDOR_RATE_LIMITED', retryAfterSec: 30 });
    expect(attempt).toHaveBeenCalledTimes(1);
    expect(time.waits).toEqual([]);
  });

  it('never starts a jittered wait that ends at or past the deadline', async () => {
    const time = clock();
    const { attempt } = failingThen([unavailable(), unavailable()], 'page');
    const deadline = time.now() + 120;
    await expect(retryingSend(attempt, options(time, { deadline }))).rejects.toMatchObject({ code: 'VENDOR_HTTP_ERROR' });
    expect(time.waits).toEqual([50]);
    expect(time.now()).toBeLessThan(deadline);
  });

  it('gives a 429 without Retry-After a hint from the wait it could not make', async () => {
    const time = clock();
    const { attempt } = failingThen([rateLimited(), rateLimited(), rateLimited()], 'page');
    const failure = await retryingSend(attempt, options(time)).catch((error: VendorFailure) => error);
    expect(failure).toMatchObject({ code: 'VENDOR_RATE_LIMITED', retryAfterSec: 1, status: 'rate_limited' });
  });

  it('reports the vendor failure, not CIRCUIT_OPEN, when the breaker opened during its retries', async () => {
    const time = clock();
    const { attempt } = failingThen([unavailable(), new VendorFailure('CIRCUIT_OPEN', 'open', 30)], 'page');
    await expect(retryingSend(attempt, options(time))).rejects.toMatchObject({ code: 'VENDOR_HTTP_ERROR' });
  });

  it('turns anything else thrown into a VendorFailure', async () => {
    const time = clock();
    await expect(retryingSend(async () => Promise.reject(new Error('boom')), options(time))).rejects.toMatchObject({ code: 'INTERNAL_ERROR' });
  });
});
