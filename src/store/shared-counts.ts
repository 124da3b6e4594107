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
  /** The fleet's count as Redis last answered it (this replica's increments up to then included). */
  shared: number;
  /** Counted here and not yet answered by Redis (`sending` of them are on their way). */
  pending: number;
  sending: number;
  /** When the window ends, epoch ms (from Redis' PTTL once it answered). */
  resetAt: number;
  /** When Redis last answered for this key in this window; 0: not yet. */
  syncedAt: number;
  windowMs: number;
}

/** Fixed-window counts per key, kept in process or shared by replicas. */
export interface WindowCounts {
  /** Counts `by` more for `key` (one request, or the units a request's vendor calls cost) and answers the window's count. */
  increment(key: string, windowMs: number, max: number, by?: number): Promise<WindowCount>;
}

export interface SharedCountsOptions {
  /** A replica answers from its own tally only if Redis answered for the key this recently (default 1 s). */
  maxStalenessMs?: number;
  /** Counts are sent at most this long after they were made, together (default 20 ms). */
  syncEveryMs?: number;
  /** Keys kept in this process (default 5,000), least recently used dropped first. */
  keys?: number;
  /** How many replicas count beside this one (default 1): each answers locally only its share of the margin. */
  replicas?: () => number;
}

/**
 * Fixed-window counts per key (a caller) shared by every replica, without a Redis round
 * trip per request. A replica counts in its own tally and sends the increments to Redis
 * in the background, every key's in one pipelined batch at most every `syncEveryMs`,
 * each answer bringing back the fleet's count. It answers from its tally while that is
 * fresh (Redis answered for the key within `maxStalenessMs`) and the fleet's count would
 * stay more than a tenth of the limit (at least 10) below it even if every replica had
 * counted as many since as this one; nearer the limit, or with a stale tally, the request
 * waits for Redis' count, as if there were no tally. A count over the limit is answered
 * at once: the fleet's count only grows in a window. So near the limit every replica hears
 * from Redis before it lets a request through. With Redis down the tally counts on its own (the
 * replica limits alone); what it counted while Redis was down is sent once it is back,
 * what Redis failed to take stays in this replica's tally only.
 */
export class SharedCounts implements WindowCounts {
  private readonly tallies: LRUCache<string, Tally>;
  private readonly maxStalenessMs: number;
  private readonly syncEveryMs: number;
  private readonly unsent = new Set<string>();
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

  /** Counts `by` for `key` and answers the window's count, the fleet's as far as known. */
  async increment(key: string, windowMs: number, max: number, by = 1): Promise<WindowCount> {
    const now = Date.now();
    let tally = this.tallies.get(key);
    if (!tally || now >= tally.resetAt) {
      tally = { shared: 0, pending: 0, sending: 0, resetAt: now + windowMs, syncedAt: 0, windowMs };
      this.tallies.set(key, tally);
    }
    tally.pending += by;
    const counted = tally.shared + tally.pending;
    const fresh = tally.syncedAt > 0 && now - tally.syncedAt <= this.maxStalenessMs;
    // Every replica may be counting as fast as this one since Redis last answered: each answers only its share of the margin.
    const withinShare = tally.shared + tally.pending * Math.max(1, this.replicas()) <= max - headroom(max);
    if (counted > max || (fresh && withinShare) || this.store.state !== 'up') {
      this.syncSoon(key);
      return { current: counted, ttl: tally.resetAt - now };
    }
    // This request's count goes last in the batch sent, so Redis' answer is its own place in the fleet's count.
    const placed = await this.send(key, tally);
    return { current: placed ?? tally.shared + tally.pending, ttl: Math.max(0, tally.resetAt - Date.now()) };
  }

  /** One batch at a time, sent `syncEveryMs` after its first count: what is counted meanwhile goes in it or the next. */
  private syncSoon(key: string): void {
    this.unsent.add(key);
    this.scheduleSync();
  }

  private scheduleSync(): void {
    if (this.syncing) return;
    this.syncing = true;
    setTimeout(() => void this.syncAll(), this.syncEveryMs).unref();
  }

  private async syncAll(): Promise<void> {
    if (this.store.state === 'up') {
      const keys = [...this.unsent];
      this.unsent.clear();
      // Issued together, so ioredis' auto-pipelining sends them in one round trip.
      await Promise.all(keys.map((key) => this.sendIfCounted(key)));
    }
    this.syncing = false;
    if (this.unsent.size > 0 && this.store.state === 'up') this.scheduleSync();
  }

  private async sendIfCounted(key: string): Promise<void> {
    const tally = this.tallies.get(key);
    if (tally) await this.send(key, tally);
  }

  /** Sends what `tally` counted and Redis has not heard of; takes in Redis' answer, and returns the fleet's count after it. */
  private async send(key: string, tally: Tally): Promise<number | undefined> {
    const count = tally.pending - tally.sending;
    if (count <= 0) return undefined;
    tally.sending += count;
    const answer = await this.store.attempt(
      (redis) => incrementInWindow(redis, key, count, tally.windowMs),
      () => undefined,
    );
    tally.sending -= count;
    tally.pending -= count;
    if (answer) {
      const [current, ttl] = answer;
      tally.shared = Math.max(tally.shared, current);
      tally.resetAt = Date.now() + ttl;
      tally.syncedAt = Date.now();
      return current;
    }
    // Redis did not take them: this replica still counts them, and only it.
    tally.shared += count;
    return undefined;
  }
}

/**
 * How far below the limit a replica stops answering from its own tally: a tenth of the
 * limit, at least 10 (a limit of a few requests costs a few round trips a window).
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
