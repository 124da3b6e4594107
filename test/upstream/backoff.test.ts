import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, retryDelayMs } from '../../src/upstream/backoff.js';

describe('retryDelayMs', () => {
  it('draws a full-jitter wait below base·2^retry', () => {
    expect(retryDelayMs(0, undefined, () => 0)).toBe(0);
    expect(retryDelayMs(0, undefined, () => 0.999)).toBe(99);
    expect(retryDelayMs(1, undefined, () => 0.5)).toBe(100);
    expect(retryDelayMs(3, undefined, () => 0.999)).toBe(799);
  });

  it('never computes a wait above the cap', () => {
    for (let retry = 0; retry < 40; retry += 1) {
      expect(retryDelayMs(retry, undefined, () => 0.999_999)).toBeLessThan(DEFAULT_BACKOFF.capMs);
    }
    expect(retryDelayMs(10, undefined, () => 0.5, { baseMs: 10, capMs: 50 })).toBe(25);
  });

  it("takes the vendor's Retry-After instead, even past the cap", () => {
    expect(retryDelayMs(0, 3, () => 0.5)).toBe(3_000);
    expect(retryDelayMs(5, 0, () => 0.5)).toBe(0);
    expect(retryDelayMs(0, 10, () => 0.5)).toBe(10_000);
  });
});
