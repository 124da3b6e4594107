import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { SharedStore } from './shared-store.js';

/** A slot taken from the pool; `release` hands it back before its hold time ends. */
export interface TakenSlot {
  release(): Promise<void>;
}

/**
 * `size` slots that one caller at a time may hold, each for at most `holdSeconds`
 * (rate-limiter-flexible: one limiter of one point per slot key). Two budgets are built
 * from it: a concurrency cap (take a slot, release it when the call ends; the hold time
 * only frees the slots of a replica that died holding them), and a rate (never
 * released, so each slot starts at most one call per second, and `size` slots at most
 * `size` calls in any second). With a store, the slots live in Redis and hold for every
 * replica; without one, or while Redis is down, in this process.
 */
export class SlotPool {
  private readonly local: RateLimiterMemory;
  private readonly shared: RateLimiterRedis | undefined;

  constructor(
    name: string,
    readonly size: number,
    holdSeconds: number,
    private readonly store?: SharedStore,
  ) {
    const settings = { keyPrefix: `slots:${name}`, points: 1, duration: holdSeconds };
    this.local = new RateLimiterMemory(settings);
    if (store) this.shared = new RateLimiterRedis({ ...settings, storeClient: store.redis, rejectIfRedisNotReady: true });
  }

  /** A free slot, or how long until the soonest taken one frees by itself (ms). */
  async tryTake(): Promise<TakenSlot | { retryInMs: number }> {
    const first = Math.floor(Math.random() * this.size);
    let retryInMs = Number.POSITIVE_INFINITY;
    for (let offset = 0; offset < this.size; offset += 1) {
      const key = String((first + offset) % this.size);
      const outcome = await this.consume(key);
      if (typeof outcome !== 'number') return outcome;
      retryInMs = Math.min(retryInMs, outcome);
    }
    return { retryInMs };
  }

  private consume(key: string): Promise<TakenSlot | number> {
    const on = (limiter: RateLimiterAbstract) => async (): Promise<TakenSlot | number> => {
      try {
        await limiter.consume(key);
      } catch (refusal) {
        // A refusal is an answer; an Error is the store failing (the caller falls back).
        if (refusal instanceof RateLimiterRes) return refusal.msBeforeNext;
        throw refusal;
      }
      return { release: () => this.release(limiter, key) };
    };
    if (!this.store || !this.shared) return on(this.local)();
    return this.store.attempt(on(this.shared), on(this.local));
  }

  private async release(limiter: RateLimiterAbstract, key: string): Promise<void> {
    if (limiter === this.local || !this.store) {
      await limiter.delete(key);
      return;
    }
    // Not released in Redis: the slot frees itself at the end of its hold time.
    await this.store.attempt(() => limiter.delete(key), () => false);
  }
}
