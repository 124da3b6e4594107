import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { WindowCount, WindowCounts } from './shared-counts.js';

/** The store contract of @fastify/rate-limit (its declared types do not list the runtime options). */
interface RateLimitStore {
  incr(key: string, callback: StoreCallback, timeWindow: number, max: number): void;
  child(routeOptions: StoreParams & { routeInfo: { method: string; url: string } }): RateLimitStore;
}
type StoreCallback = (error: Error | null, result: WindowCount | null) => void;
interface StoreParams {
  cache?: number;
}

/** Where @fastify/rate-limit counts a caller's requests (`RATE_LIMIT_PREFIX` + its key): a request's vendor calls are charged there too. */
export const RATE_LIMIT_PREFIX = 'rate-limit:';

/**
 * A store for @fastify/rate-limit over the gateway's own counts: in this process, or for
 * the whole fleet (`SharedCounts`: counted here, synced with Redis in the background, Redis
 * asked on the request only near the limit), so the units a request's vendor calls cost are
 * counted with its requests. With Redis down or slow each replica limits on its own, as a
 * single gateway does.
 */
export function countsRateLimitStore(counts: WindowCounts): FastifyRateLimitStoreCtor {
  class CountsRateLimitStore implements RateLimitStore {
    constructor(
      _params: StoreParams,
      private readonly prefix = RATE_LIMIT_PREFIX,
    ) {}

    incr(key: string, callback: StoreCallback, timeWindow: number, max: number): void {
      counts.increment(this.prefix + key, timeWindow, max).then(
        (count) => callback(null, count),
        (error: Error) => callback(error, null),
      );
    }

    child(routeOptions: StoreParams & { routeInfo: { method: string; url: string } }): RateLimitStore {
      return new CountsRateLimitStore(routeOptions, `${this.prefix}${routeOptions.routeInfo.method}${routeOptions.routeInfo.url}-`);
    }
  }
  // The plugin calls its store with its runtime options (`routeInfo` and all), which its declared types do not list.
  return CountsRateLimitStore as unknown as FastifyRateLimitStoreCtor;
}
