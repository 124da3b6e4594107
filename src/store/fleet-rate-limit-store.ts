import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { SharedCounts, type WindowCount } from './shared-counts.js';
import type { SharedStore } from './shared-store.js';

/** The store contract of @fastify/rate-limit (its declared types do not list the runtime options). */
interface RateLimitStore {
  incr(key: string, callback: StoreCallback, timeWindow: number, max: number): void;
  child(routeOptions: StoreParams & { routeInfo: { method: string; url: string } }): RateLimitStore;
}
type StoreCallback = (error: Error | null, result: WindowCount | null) => void;
interface StoreParams {
  cache?: number;
}

/**
 * A store for @fastify/rate-limit that counts each caller once for the whole fleet
 * (`SharedCounts`: counted here, synced with Redis in the background, Redis asked on the
 * request only near the limit). With Redis down or slow each replica limits on its own,
 * as a single gateway does.
 */
export function fleetRateLimitStore(store: SharedStore): FastifyRateLimitStoreCtor {
  class FleetRateLimitStore implements RateLimitStore {
    constructor(
      params: StoreParams,
      private readonly counts = new SharedCounts(store, { keys: params.cache }),
      private readonly prefix = 'rate-limit:',
    ) {}

    incr(key: string, callback: StoreCallback, timeWindow: number, max: number): void {
      this.counts.increment(this.prefix + key, timeWindow, max).then(
        (count) => callback(null, count),
        (error: Error) => callback(error, null),
      );
    }

    child(routeOptions: StoreParams & { routeInfo: { method: string; url: string } }): RateLimitStore {
      return new FleetRateLimitStore(routeOptions, this.counts, `${this.prefix}${routeOptions.routeInfo.method}${routeOptions.routeInfo.url}-`);
    }
  }
  // The plugin calls its store with its runtime options (`routeInfo` and all), which its declared types do not list.
  return FleetRateLimitStore as unknown as FastifyRateLimitStoreCtor;
}
