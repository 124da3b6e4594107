import { VendorFailure } from '../upstream/vendor-failure.js';
import type { SharedStore } from './shared-store.js';

/**
 * A vendor's `429` with `Retry-After`, heard by one replica, stops every replica calling
 * that connection until it passes. With Redis down each replica only has its own retries.
 */
export class FleetPause {
  constructor(private readonly store: SharedStore) {}

  /** Throws `VENDOR_RATE_LIMITED` while the fleet is paused for the connection. */
  async admit(connection: string): Promise<void> {
    const pausedMs = await this.store.attempt((redis) => redis.pttl(keyOf(connection)), () => -2);
    if (pausedMs <= 0) return;
    const seconds = Math.max(1, Math.ceil(pausedMs / 1000));
    throw new VendorFailure('VENDOR_RATE_LIMITED', `the vendor asked the gateway to slow down; no replica calls it for another ${seconds} s`, seconds, true);
  }

  async failed(connection: string, failure: VendorFailure): Promise<void> {
    if (failure.vendorStatus !== 429 || !failure.retryAfterSec) return;
    const ms = failure.retryAfterSec * 1000;
    await this.store.attempt((redis) => redis.set(keyOf(connection), '1', 'PX', ms), () => null);
  }

  /** Until when the fleet is paused; null when it is not, undefined while Redis is down. */
  pausedUntil(connection: string): Promise<string | null | undefined> {
    return this.store.attempt<string | null | undefined>(
      async (redis) => {
        const ms = await redis.pttl(keyOf(connection));
        return ms > 0 ? new Date(Date.now() + ms).toISOString() : null;
      },
      () => undefined,
    );
  }
}

function keyOf(connection: string): string {
  return `health:${connection}:rate-limited`;
}
