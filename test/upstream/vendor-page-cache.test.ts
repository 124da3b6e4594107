import { describe, expect, it, vi } from 'vitest';
import { VendorFailure } from '../../src/upstream/vendor-failure.js';
import { DEFAULT_PAGE_CACHE, VendorPageCache, type CacheEvent, type CachedPage } from '../../src/upstream/vendor-page-cache.js';

const passThrough = <T>(shared: Promise<T>) => shared;

function cacheWithClock() {
  const time = { now: 1_000_000 };
  const events: CacheEvent[] = [];
  const cache = new VendorPageCache({ ...DEFAULT_PAGE_CACHE, now: () => time.now, onEvent: (_connection, event) => events.push(event) });
  const page = (value: unknown): CachedPage => ({ value, fetchedAt: time.now, sizeBytes: 10 });
  return { time, events, cache, page };
}

describe('VendorPageCache', () => {
  it('serves a page within its TTL without calling the vendor', async () => {
    const { time, cache, page, events } = cacheWithClock();
    const fetch = vi.fn(async () => page('first'));
    await expect(cache.read('a', 'k', 2_000, fetch, passThrough)).resolves.toMatchObject({ value: 'first', cached: false, stale: false });
    time.now += 1_999;
    await expect(cache.read('a', 'k', 2_000, fetch, passThrough)).resolves.toMatchObject({ value: 'first', cached: true, fetchedAt: 1_000_000 });
    expect(fetch).toHaveBeenCalledTimes(1);
    time.now += 1;
    await cache.read('a', 'k', 2_000, fetch, passThrough);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(events).toEqual(['miss', 'hit', 'miss']);
  });

  it('shares one call among identical concurrent reads', async () => {
    const { cache, page, events } = cacheWithClock();
    let release!: (value: CachedPage) => void;
    const fetch = vi.fn(() => new Promise<CachedPage>((resolve) => (release = resolve)));
    const reads = Array.from({ length: 5 }, () => cache.read('a', 'k', 0, fetch, passThrough));
    release(page('shared'));
    const pages = await Promise.all(reads);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(pages.map((read) => read.value)).toEqual(Array(5).fill('shared'));
    expect(pages.filter((read) => !read.cached)).toHaveLength(1);
    expect(events).toEqual(['miss', 'coalesced', 'coalesced', 'coalesced', 'coalesced']);
  });

  it('with TTL 0 stores nothing', async () => {
    const { cache, page } = cacheWithClock();
    const fetch = vi.fn(async () => page('fresh'));
    await cache.read('a', 'k', 0, fetch, passThrough);
    await cache.read('a', 'k', 0, fetch, passThrough);
    expect(fetch).toHaveBeenCalledTimes(2);
    await expect(cache.read('a', 'k', 0, async () => Promise.reject(new VendorFailure('VENDOR_TIMEOUT', 'slow')), passThrough)).rejects.toMatchObject({
      code: 'VENDOR_TIMEOUT',
    });
  });

  it('serves an expired page, marked stale, when the vendor fails within the stale window', async () => {
    const { time, cache, page } = cacheWithClock();
    await cache.read('a', 'k', 2_000, async () => page('old'), passThrough);
    time.now += 2_000 + DEFAULT_PAGE_CACHE.staleIfErrorMs;
    const failure = new VendorFailure('VENDOR_HTTP_ERROR', 'answered 503', undefined, true, 503);
    const read = await cache.read('a', 'k', 2_000, async () => Promise.reject(failure), passThrough);
    expect(read).toMatchObject({ value: 'old', cached: true, stale: true, fetchedAt: 1_000_000, staleBecause: failure });
  });

  it('no longer serves it past the stale window', async () => {
    const { time, cache, page } = cacheWithClock();
    await cache.read('a', 'k', 2_000, async () => page('old'), passThrough);
    time.now += 2_001 + DEFAULT_PAGE_CACHE.staleIfErrorMs;
    const failing = async () => Promise.reject(new VendorFailure('VENDOR_TIMEOUT', 'slow'));
    await expect(cache.read('a', 'k', 2_000, failing, passThrough)).rejects.toMatchObject({ code: 'VENDOR_TIMEOUT' });
  });

  it('never hides revoked access or a removed agent behind a stale page', async () => {
    const { time, cache, page } = cacheWithClock();
    await cache.read('a', 'k', 2_000, async () => page('old'), passThrough);
    time.now += 3_000;
    for (const code of ['VENDOR_UNAUTHORIZED', 'VENDOR_NOT_FOUND'] as const) {
      await expect(cache.read('a', 'k', 2_000, async () => Promise.reject(new VendorFailure(code, 'no')), passThrough)).rejects.toMatchObject({ code });
    }
  });
});
