import { LRUCache } from 'lru-cache';
import { VendorFailure } from './vendor-failure.js';

/**
 * A vendor page as the cache keeps it: what the reader made of the body (a mapped page
 * for the walks), never the raw body beside it.
 */
export interface CachedPage<T = unknown> {
  value: T;
  /** Epoch ms of the vendor call that produced it. */
  fetchedAt: number;
  /** About what `value` holds in memory, for the cache's byte budget. */
  sizeBytes: number;
  /** Another replica's vendor call produced it (the Redis tier of the cache). */
  fromFleet?: boolean;
}

/** Where a page came from. `cached`: no vendor call of this request produced it. */
export interface PageRead<T = unknown> extends CachedPage<T> {
  cached: boolean;
  /** Served past its TTL because the vendor failed; `staleBecause` says how. */
  stale: boolean;
  staleBecause?: VendorFailure;
}

/** `rejoined`: an identical call another request made was cut off by that request, and this read made its own. */
export type CacheEvent = 'hit' | 'miss' | 'coalesced' | 'stale' | 'rejoined';

export interface PageCacheOptions {
  /** How long past its TTL a page may still be served when the vendor fails. */
  staleIfErrorMs: number;
  maxEntries: number;
  maxBytes: number;
  now?: () => number;
  onEvent?: (connection: string, event: CacheEvent) => void;
}

/** Stale-if-error window: 5 minutes. */
export const DEFAULT_PAGE_CACHE: PageCacheOptions = { staleIfErrorMs: 5 * 60_000, maxEntries: 2_000, maxBytes: 64 * 1024 * 1024 };

/**
 * Short-lived vendor pages (lru-cache). Identical concurrent requests share one in-flight
 * vendor call; when the vendor fails, a page up to `staleIfErrorMs` past its TTL is
 * served instead, marked stale. A 401/403/404 is never papered over: revoked access or a
 * removed agent must show at once.
 */
export class VendorPageCache {
  private readonly pages: LRUCache<string, CachedPage>;
  private readonly inFlight = new Map<string, Promise<CachedPage>>();
  private readonly now: () => number;

  constructor(private readonly options: PageCacheOptions = DEFAULT_PAGE_CACHE) {
    this.now = options.now ?? Date.now;
    this.pages = new LRUCache({ max: options.maxEntries, maxSize: options.maxBytes, sizeCalculation: (page) => Math.max(1, page.sizeBytes) });
  }

  /**
   * The page for `key`: fresh from the cache, joined to an identical call in flight, or
   * fetched. `wait` bounds how long a joiner waits for someone else's call.
   */
  async read<T>(
    connection: string,
    key: string,
    ttlMs: number,
    fetch: () => Promise<CachedPage<T>>,
    wait: <S>(shared: Promise<S>) => Promise<S>,
  ): Promise<PageRead<T>> {
    const entry = this.pages.get(key) as CachedPage<T> | undefined;
    if (entry && ttlMs > 0 && this.now() - entry.fetchedAt < ttlMs) {
      this.emit(connection, 'hit');
      return { ...entry, cached: true, stale: false };
    }
    const shared = this.inFlight.get(key);
    try {
      if (shared) {
        this.emit(connection, 'coalesced');
        return { ...((await wait(shared)) as CachedPage<T>), cached: true, stale: false };
      }
      this.emit(connection, 'miss');
      return { ...(await this.fetchOnce(key, ttlMs, fetch)), cached: false, stale: false };
    } catch (error) {
      const failure = VendorFailure.from(error);
      const fallback = this.staleFallback(key, ttlMs, failure) as CachedPage<T> | undefined;
      if (!fallback) throw error;
      this.emit(connection, 'stale');
      return { ...fallback, cached: true, stale: true, staleBecause: failure };
    }
  }

  clear(): void {
    this.pages.clear();
  }

  /** Resolves once no call is in flight, calls started meanwhile included. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  private fetchOnce<T>(key: string, ttlMs: number, fetch: () => Promise<CachedPage<T>>): Promise<CachedPage<T>> {
    const call = fetch().then(
      (page) => {
        if (ttlMs > 0) this.pages.set(key, page);
        return page;
      },
    );
    const shared = call.finally(() => this.inFlight.delete(key));
    // Joiners that gave up at their own deadline leave nobody listening to a rejection.
    shared.catch(() => undefined);
    this.inFlight.set(key, shared);
    return shared;
  }

  private staleFallback(key: string, ttlMs: number, failure: VendorFailure): CachedPage | undefined {
    // A revoked key or a removed agent must show at once; calls spent or a caller gone are no reason to serve old data.
    if (ttlMs <= 0 || failure.code === 'CALL_CAP_REACHED' || failure.code === 'CANCELLED') return undefined;
    if (failure.code === 'VENDOR_UNAUTHORIZED' || failure.code === 'VENDOR_NOT_FOUND') return undefined;
    const entry = this.pages.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.fetchedAt > ttlMs + this.options.staleIfErrorMs) {
      this.pages.delete(key);
      return undefined;
    }
    return entry;
  }

  private emit(connection: string, event: CacheEvent): void {
    this.options.onEvent?.(connection, event);
  }
}
