import { describe, expect, it } from 'vitest';
import { VendorFailure } from '../../src/upstream/vendor-failure.js';
import { CircuitBreaker, countsAgainstVendor } from '../../src/upstream/circuit-breaker.js';

const serverError = () => new VendorFailure('VENDOR_HTTP_ERROR', 'answered 500', undefined, false, 500);

function breakerWithClock(threshold = 3, cooldownMs = 1_000) {
  const time = { now: 5_000_000 };
  const breaker = new CircuitBreaker({ threshold, cooldownMs }, () => time.now);
  const fail = (failure: VendorFailure = serverError()) => breaker.run(async () => Promise.reject(failure)).catch((error: unknown) => error);
  const succeed = () => breaker.run(async () => 'ok');
  return { time, breaker, fail, succeed };
}

describe('CircuitBreaker', () => {
  it('opens after `threshold` counted failures in a row and then refuses at once', async () => {
    const { breaker, fail } = breakerWithClock(3);
    await fail();
    await fail();
    expect(breaker.state).toBe('closed');
    await fail();
    expect(breaker.state).toBe('open');
    let called = false;
    const refusal = await breaker.run(async () => (called = true)).catch((error: VendorFailure) => error);
    expect(called).toBe(false);
    expect(refusal).toMatchObject({ code: 'CIRCUIT_OPEN', status: 'circuit_open', retryAfterSec: 1 });
    expect(() => breaker.throwIfOpen()).toThrow(VendorFailure);
  });

  it('a success resets the count', async () => {
    const { breaker, fail, succeed } = breakerWithClock(3);
    await fail();
    await fail();
    await succeed();
    await fail();
    await fail();
    expect(breaker.state).toBe('closed');
    expect(breaker.view().consecutiveFailures).toBe(2);
  });

  it('half-opens after the cool-down, lets exactly one probe through, and its success closes it', async () => {
    const { time, breaker, fail } = breakerWithClock(1, 1_000);
    await fail();
    time.now += 999;
    expect(breaker.state).toBe('open');
    time.now += 1;
    expect(breaker.state).toBe('half-open');
    let release!: (value: string) => void;
    const probe = breaker.run(() => new Promise<string>((resolve) => (release = resolve)));
    await expect(breaker.run(async () => 'second')).rejects.toMatchObject({ code: 'CIRCUIT_OPEN' });
    release('probed');
    await expect(probe).resolves.toBe('probed');
    expect(breaker.state).toBe('closed');
    expect(breaker.view()).toMatchObject({ state: 'closed', consecutiveFailures: 0, openedAt: null, probeAt: null });
  });

  it("a failed probe opens it again for a whole cool-down", async () => {
    const { time, breaker, fail } = breakerWithClock(2, 1_000);
    await fail();
    await fail();
    time.now += 1_000;
    await fail();
    expect(breaker.state).toBe('open');
    expect(breaker.view().probeAt).toBe(new Date(time.now + 1_000).toISOString());
    time.now += 999;
    expect(breaker.state).toBe('open');
    time.now += 1;
    expect(breaker.state).toBe('half-open');
  });

  it('429, 401, 404 and 4xx neither open it nor spend the probe', async () => {
    const { time, breaker, fail, succeed } = breakerWithClock(1, 1_000);
    for (const failure of [
      new VendorFailure('VENDOR_RATE_LIMITED', '429', 5, true, 429),
      new VendorFailure('VENDOR_UNAUTHORIZED', '401', undefined, false, 401),
      new VendorFailure('VENDOR_NOT_FOUND', '404', undefined, false, 404),
      new VendorFailure('VENDOR_HTTP_ERROR', '400', undefined, false, 400),
    ]) {
      await fail(failure);
      expect(breaker.state).toBe('closed');
    }
    await fail();
    time.now += 1_000;
    await fail(new VendorFailure('VENDOR_RATE_LIMITED', '429', 5, true, 429));
    expect(breaker.state).toBe('half-open');
    await succeed();
    expect(breaker.state).toBe('closed');
  });
});

describe('countsAgainstVendor', () => {
  it('counts 5xx, 408, timeouts, unreachable vendors and bad bodies', () => {
    expect(countsAgainstVendor(serverError())).toBe(true);
    expect(countsAgainstVendor(new VendorFailure('VENDOR_HTTP_ERROR', '408', undefined, true, 408))).toBe(true);
    expect(countsAgainstVendor(new VendorFailure('VENDOR_TIMEOUT', 'slow'))).toBe(true);
    expect(countsAgainstVendor(new VendorFailure('VENDOR_UNREACHABLE', 'reset'))).toBe(true);
    expect(countsAgainstVendor(new VendorFailure('VENDOR_BAD_RESPONSE', 'not JSON'))).toBe(true);
    expect(countsAgainstVendor(new VendorFailure('CIRCUIT_OPEN', 'open'))).toBe(false);
  });
});
