import { describe, expect, it } from 'vitest';
import { retryAfterSeconds } from '../../src/upstream/classify-vendor-error.js';

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);

describe('retryAfterSeconds', () => {
  it('reads delta seconds', () => {
    expect(retryAfterSeconds({ 'retry-after': '7' }, NOW)).toBe(7);
    expect(retryAfterSeconds({ 'retry-after': ' 0 ' }, NOW)).toBe(0);
  });

  it('reads an HTTP date as the seconds until it, rounded up', () => {
    expect(retryAfterSeconds({ 'retry-after': new Date(NOW + 30_000).toUTCString() }, NOW)).toBe(30);
    expect(retryAfterSeconds({ 'retry-after': new Date(NOW + 30_000).toUTCString() }, NOW + 400)).toBe(30);
    expect(retryAfterSeconds({ 'retry-after': 'Sat, 21 Nov 2026 12:02:00 GMT' }, NOW)).toBe(120);
  });

  it('treats a date in the past as now, and garbage or absence as unknown', () => {
    expect(retryAfterSeconds({ 'retry-after': new Date(NOW - 60_000).toUTCString() }, NOW)).toBe(0);
    expect(retryAfterSeconds({ 'retry-after': 'soon' }, NOW)).toBeUndefined();
    expect(retryAfterSeconds({}, NOW)).toBeUndefined();
  });
});
