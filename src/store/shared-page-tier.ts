import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Mutex } from 'redis-semaphore';
import type { SharedStore } from './shared-store.js';

/** Anything the page cache keeps: JSON-serializable, stamped with when the vendor produced it. */
export interface StampedPage {
  /** Epoch ms of the vendor call that produced it. */
  fetchedAt: number;
}

/** A page read through the fleet, and whether another replica's vendor call produced it. */
export interface FleetRead<T> {
  page: T;
  fromFleet: boolean;
}

export interface PageTierOptions {
  /** How often a replica waiting for another's vendor call looks for its page (default 10 ms). */
  pollMs?: number;
  /** Longest a fetching replica holds the lock (default 10 s); it is released as soon as the page is stored. */
  lockMs?: number;
  now?: () => number;
}

/**
 * The Redis tier of the vendor-page cache, behind each replica's in-process cache. A page
 * one replica fetched is stored with what is left of its TTL, so every replica sees it
 * expire at the same moment. Identical misses on several replicas make one vendor call:
 * the first takes a short lock (redis-semaphore's `Mutex`, released atomically: only by its
 * holder, never after it lapsed and another replica took it) and fetches, the others wait
 * for its page, but never past their own `waitUntil`; then they fetch themselves. With Redis
 * down every step falls back to "not found, go ahead", which is the in-process behaviour.
 */
export class SharedPageTier {
  private readonly pollMs: number;
  private readonly lockMs: number;
  private readonly now: () => number;

  constructor(
    private readonly store: SharedStore,
    options: PageTierOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 10;
    this.lockMs = options.lockMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * The page for `key`: a fresh one from the fleet, or `fetch`'s (stored for the others).
   * `waitUntil` (epoch ms) bounds the wait for another replica's call.
   */
  async read<T extends StampedPage>(key: string, ttlMs: number, waitUntil: number, fetch: () => Promise<T>): Promise<FleetRead<T>> {
    if (ttlMs <= 0) return { page: await fetch(), fromFleet: false };
    const id = hashOf(key);
    for (;;) {
      const found = await this.get<T>(id, ttlMs);
      if (found) return { page: found, fromFleet: true };
      const lock = await this.lock(id, Math.max(1, Math.min(this.lockMs, waitUntil - this.now())));
      if (lock !== undefined) return { page: await this.fetchAndShare(id, ttlMs, lock, fetch), fromFleet: false };
      const waited = await this.waitForPage<T>(id, ttlMs, waitUntil);
      if (waited === 'timeout') return { page: await fetch(), fromFleet: false };
      if (waited !== 'lock-released') return { page: waited, fromFleet: true };
      // The other replica's call failed and it let go: try again, one of us takes the lock.
    }
  }

  /** A fresh page stored under `key` by any replica. */
  private get<T extends StampedPage>(id: string, ttlMs: number): Promise<T | undefined> {
    return this.store.attempt(
      async (redis) => {
        const text = await redis.get(`page:${id}`);
        if (text === null) return undefined;
        const page = JSON.parse(text) as T;
        return this.now() - page.fetchedAt < ttlMs ? page : undefined;
      },
      () => undefined,
    );
  }

  /** Stores a page for what is left of its TTL; an expired one is not stored. */
  private async set(id: string, page: StampedPage, ttlMs: number): Promise<void> {
    const remainingMs = page.fetchedAt + ttlMs - this.now();
    if (remainingMs <= 0) return;
    await this.store.attempt(
      (redis) => redis.set(`page:${id}`, JSON.stringify(page), 'PX', remainingMs),
      () => undefined,
    );
  }

  /** The lock when this replica may fetch (it holds it; null: Redis is down, fetch anyway), else undefined. */
  private lock(id: string, ms: number): Promise<Mutex | null | undefined> {
    return this.store.attempt<Mutex | null | undefined>(
      async (redis) => {
        const lock = new Mutex(redis, `page-lock:${id}`, { lockTimeout: ms, acquireAttemptsLimit: 1, refreshInterval: 0 });
        return (await lock.tryAcquire()) ? lock : undefined;
      },
      () => null,
    );
  }

  private async fetchAndShare<T extends StampedPage>(id: string, ttlMs: number, lock: Mutex | null, fetch: () => Promise<T>): Promise<T> {
    try {
      const page = await fetch();
      await this.set(id, page, ttlMs);
      return page;
    } finally {
      // Released only if it is still ours: it may have lapsed and been taken by another replica.
      if (lock) await this.store.attempt(() => lock.release(), () => undefined);
    }
  }

  private async waitForPage<T extends StampedPage>(id: string, ttlMs: number, waitUntil: number): Promise<T | 'timeout' | 'lock-released'> {
    while (this.now() + this.pollMs < waitUntil) {
      await sleep(this.pollMs);
      const state = await this.store.attempt<T | 'timeout' | 'lock-released' | undefined>(
        async (redis) => {
          const [page, lock] = await redis.mget(`page:${id}`, `mutex:page-lock:${id}`);
          if (page) {
            const parsed = JSON.parse(page) as T;
            if (this.now() - parsed.fetchedAt < ttlMs) return parsed;
          }
          return lock === null ? ('lock-released' as const) : undefined;
        },
        // Redis went away while we waited: nobody can hand us the page any more.
        () => 'timeout' as const,
      );
      if (state !== undefined) return state;
    }
    return 'timeout';
  }
}

/** Cache keys are long (URL and body); Redis gets a fixed-length digest of them. */
function hashOf(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}
