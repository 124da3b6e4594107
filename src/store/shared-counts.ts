import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { transactionAnswers, type SharedStore } from './shared-store.js';

/** A count in a window, as @fastify/rate-limit's stores answer it. */
export interface WindowCount {
  current: number;
  /** Until the window ends, ms. */
  ttl: number;
}

/** One key's count in its window as this replica knows it. */
interface Tally {
  /** The fleet's count as Redis last answered it, this replica's lease and what it counted since included. */
  shared: number;
  /** Places in the fleet's count this replica reserved and has not used yet: it answers from them without Redis. */
  lease: number;
  /** When the lease was taken, epoch ms: an unused lease is handed back after `maxStalenessMs`. */
  leasedAt: number;
  /** Counted here and not yet in Redis (Redis was down, or the count was over the limit), less leases to hand back. */
  unsent: number;
  /** When the window ends, epoch ms (from Redis' PTTL once it answered). */
  resetAt: number;
  windowMs: number;
  /** This replica's request to Redis for the key, while one is on its way: others wait for its lease. */
  asking?: Promise<unknown>;
}

/** Fixed-window counts per key, kept in process or shared by replicas. */
export interface WindowCounts {
  /** Counts `by` more for `key` (one request, or the units a request's vendor calls cost) and answers the window's count. */
  increment(key: string, windowMs: number, max: number, by?: number): Promise<WindowCount>;
}

export interface SharedCountsOptions {
  /** An unused lease is handed back this long after it was taken (default 1 s). */
  maxStalenessMs?: number;
  /** Counts are sent at most this long after they were made, together (default 20 ms). */
  syncEveryMs?: number;
  /** Keys kept in this process (default 5,000), least recently used dropped first. */
  keys?: number;
  /** How many replicas count beside this one (default 1): each leases only its share of the margin. */
  replicas?: () => number;
}

/** A lease is at most this many places: a busy replica asks Redis once per this many requests. */
const MAX_LEASE = 100;

/**
 * Fixed-window counts per key (a caller) shared by every replica, without a Redis round
 * trip per request, and never past the limit. When a replica asks Redis for a count it
 * also reserves a lease: places in the fleet's count, all at least a tenth of the limit
 * (at least 10) below it, its share of that margin among the replicas. It answers later
 * requests from the lease with no round trip: their places are already counted for every
 * replica, so no replica ever lets through more than the limit, however many count at once.
 * Once the lease is used, or stale (`maxStalenessMs`), or near the limit (no lease can be
 * had there), a request waits for Redis, which answers its own place in the count. A count
 * over the limit is answered at once: the fleet's count only grows in a window. An unused
 * lease is handed back. With Redis down the tally counts on its own (the replica limits
 * alone); what it counted while Redis was down is sent once it is back.
 */
export class SharedCounts implements WindowCounts {
  private readonly tallies: LRUCache<string, Tally>;
  private readonly maxStalenessMs: number;
  private readonly syncEveryMs: number;
  private readonly dirty = new Set<string>();
  private readonly replicas: () => number;
  private syncing = false;

  constructor(
    private readonly store: SharedStore,
    options: SharedCountsOptions = {},
  ) {
    this.maxStalenessMs = options.maxStalenessMs ?? 1_000;
    this.syncEveryMs = options.syncEveryMs ?? 20;
    this.tallies = new LRUCache({ max: options.keys ?? 5_000 });
    this.replicas = options.replicas ?? (() => 1);
  }

  /** Counts `by` for `key` and answers the window's count: this request's own place in it when Redis was asked. */
  async increment(key: string, windowMs: number, max: number, by = 1): Promise<WindowCount> {
    const now = Date.now();
    let tally = this.tallies.get(key);
    if (!tally || now >= tally.resetAt) {
      tally = { shared: 0, lease: 0, leasedAt: 0, unsent: 0, resetAt: now + windowMs, windowMs };
      this.tallies.set(key, tally);
    }
    // Requests that come while this replica asks Redis wait for the lease that answer brings.
    while (tally.asking) await tally.asking;
    const ttl = () => Math.max(0, tally.resetAt - Date.now());
    if (tally.lease >= by && Date.now() - tally.leasedAt <= this.maxStalenessMs) {
      tally.lease -= by;
      return { current: tally.shared - tally.lease, ttl: ttl() };
    }
    if (tally.shared - tally.lease + by > max || this.store.state !== 'up') {
      tally.unsent += by;
      tally.shared += by;
      this.syncSoon(key);
      return { current: tally.shared - tally.lease, ttl: ttl() };
    }
    const asking = this.countInRedis(key, tally, max, by);
    tally.asking = asking.finally(() => (tally.asking = undefined)).catch(() => undefined);
    return { current: await asking, ttl: ttl() };
  }

  /**
   * Adds `by`, what is unsent, and a new lease to the fleet's count in one transaction,
   * handing back the old lease in the same; answers this request's place. Its units go
   * before the lease's, so the place is the count less the new lease.
   */
  private async countInRedis(key: string, tally: Tally, max: number, by: number): Promise<number> {
    const margin = max - headroom(max);
    const lease = Math.max(0, Math.min(MAX_LEASE, Math.floor((margin - tally.shared - by) / Math.max(1, this.replicas()))));
    const handedBack = tally.lease;
    const unsent = tally.unsent;
    tally.lease = 0;
    tally.unsent = 0;
    const answer = await this.store.attempt((redis) => incrementInWindow(redis, key, by + unsent + lease - handedBack, tally.windowMs), () => undefined);
    if (!answer) {
      // Redis did not take it: this replica counts on its own, and sends it all once Redis is back.
      tally.unsent += unsent + by - handedBack;
      tally.shared += by;
      this.syncSoon(key);
      return tally.shared;
    }
    const [current, ttl] = answer;
    tally.resetAt = Date.now() + ttl;
    if (lease > 0 && current <= margin) {
      tally.lease += lease;
      tally.leasedAt = Date.now();
      this.syncSoon(key);
    } else if (lease > 0) {
      // Others counted meanwhile: the lease would reach past the margin. It goes back.
      tally.unsent -= lease;
      this.syncSoon(key);
    }
    tally.shared = current;
    return current - lease;
  }

  /** One batch at a time, sent `syncEveryMs` after its first count: what is counted meanwhile goes in it or the next. */
  private syncSoon(key: string): void {
    this.dirty.add(key);
    this.scheduleSync();
  }

  private scheduleSync(): void {
    if (this.syncing) return;
    this.syncing = true;
    setTimeout(() => void this.syncAll(), this.syncEveryMs).unref();
  }

  /** Sends what is unsent, and hands back leases gone stale; keys whose lease is still fresh are looked at again later. */
  private async syncAll(): Promise<void> {
    if (this.store.state === 'up') {
      const keys = [...this.dirty];
      this.dirty.clear();
      // Issued together, so ioredis' auto-pipelining sends them in one round trip.
      await Promise.all(keys.map((key) => this.settle(key)));
    }
    this.syncing = false;
    if (this.dirty.size > 0) this.scheduleSync();
  }

  private async settle(key: string): Promise<void> {
    const tally = this.tallies.get(key);
    if (!tally) return;
    const stale = tally.lease > 0 && Date.now() - tally.leasedAt > this.maxStalenessMs;
    const handedBack = stale ? tally.lease : 0;
    const change = tally.unsent - handedBack;
    if (tally.lease > 0 && !stale) this.dirty.add(key);
    if (change === 0) return;
    tally.unsent = 0;
    tally.lease -= handedBack;
    tally.shared -= handedBack;
    const answer = await this.store.attempt((redis) => incrementInWindow(redis, key, change, tally.windowMs), () => undefined);
    if (answer) {
      tally.shared = Math.max(tally.shared, answer[0]);
      tally.resetAt = Date.now() + answer[1];
      return;
    }
    tally.unsent += change + handedBack;
    tally.shared += handedBack;
    tally.lease += handedBack;
    this.dirty.add(key);
  }
}

/**
 * How far below the limit no lease reaches: a tenth of the limit, at least 10 (a limit of a
 * few requests costs a round trip a request).
 */
function headroom(max: number): number {
  return Math.max(10, Math.ceil(max / 10));
}

/**
 * Adds `by` to the key's count in a fixed window that starts at the first increment (as
 * @fastify/rate-limit's own Redis store counts), in one transaction: the window is opened
 * before the count, so a count never outlives its window. Answers the count and the ms
 * until the window ends.
 */
async function incrementInWindow(redis: Redis, key: string, by: number, windowMs: number): Promise<[number, number]> {
  const [, counted, left] = (await transactionAnswers(redis.multi().set(key, 0, 'PX', windowMs, 'NX').incrby(key, by).pttl(key))).map(Number);
  if (counted === undefined || left === undefined) throw new Error('the count transaction answered too little');
  return [counted, left < 0 ? windowMs : left];
}
