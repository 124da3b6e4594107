import { createRequire } from 'node:module';
import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { SharedStore } from './shared-store.js';

/** The store contract of @fastify/rate-limit (its own stores are plain CommonJS without types). */
interface RateLimitStore {
  incr(key: string, callback: StoreCallback, timeWindow: number, max: number): void;
  read?(key: string, callback: StoreCallback, timeWindow: number, max: number): void;
  child(routeOptions: StoreParams & { routeInfo: { method: string; url: string } }): RateLimitStore;
}
type StoreCallback = (error: Error | null, result: { current: number; ttl: number } | null) => void;
interface StoreParams {
  continueExceeding: boolean;
  exponentialBackoff: boolean;
  cache?: number;
}

const require = createRequire(import.meta.url);
const RedisStore = require('@fastify/rate-limit/store/RedisStore.js') as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
  redis: SharedStore['redis'],
  key?: string,
) => RateLimitStore;
const LocalStore = require('@fastify/rate-limit/store/LocalStore.js') as new (continueExceeding: boolean, exponentialBackoff: boolean, cache?: number) => RateLimitStore;

/**
 * @fastify/rate-limit's own Redis store, so every replica counts against one budget per
 * caller, with its own in-process store behind it: while Redis is down or slow each
 * replica limits on its own, as a single gateway does.
 */
export function fleetRateLimitStore(store: SharedStore): FastifyRateLimitStoreCtor {
  class FleetRateLimitStore implements RateLimitStore {
    constructor(
      params: StoreParams,
      private readonly shared: RateLimitStore = new RedisStore(params.continueExceeding, params.exponentialBackoff, store.redis, 'rate-limit:'),
      private readonly local: RateLimitStore = new LocalStore(params.continueExceeding, params.exponentialBackoff, params.cache),
    ) {}

    incr(key: string, callback: StoreCallback, timeWindow: number, max: number): void {
      this.either('incr', key, callback, timeWindow, max);
    }

    read(key: string, callback: StoreCallback, timeWindow: number, max: number): void {
      this.either('read', key, callback, timeWindow, max);
    }

    child(routeOptions: StoreParams & { routeInfo: { method: string; url: string } }): RateLimitStore {
      return new FleetRateLimitStore(routeOptions, this.shared.child(routeOptions), this.local.child(routeOptions));
    }

    private either(method: 'incr' | 'read', key: string, callback: StoreCallback, timeWindow: number, max: number): void {
      if (store.state !== 'up') return this.local[method]!(key, callback, timeWindow, max);
      this.shared[method]!(
        key,
        (error, result) => {
          if (!error) return callback(null, result);
          store.failed(error);
          this.local[method]!(key, callback, timeWindow, max);
        },
        timeWindow,
        max,
      );
    }
  }
  // The plugin calls its store with its runtime options (`routeInfo` and all), which its declared types do not list.
  return FleetRateLimitStore as unknown as FastifyRateLimitStoreCtor;
}
