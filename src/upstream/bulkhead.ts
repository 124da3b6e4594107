import pLimit, { type LimitFunction } from 'p-limit';
import { VendorFailure } from './vendor-failure.js';

export interface BulkheadView {
  active: number;
  queued: number;
  max: number;
}

/**
 * A connection's concurrency cap (p-limit): one slow vendor holds at most `max` sockets.
 * A call waits for a slot only until its deadline; a waiter that gave up leaves the
 * queue without calling the vendor when its turn comes.
 */
export class Bulkhead {
  private readonly limit: LimitFunction;

  constructor(private readonly max: number) {
    this.limit = pLimit(max);
  }

  run<T>(call: () => Promise<T>, deadline: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let state: 'waiting' | 'running' | 'gave-up' = 'waiting';
      const giveUp = (): void => {
        if (state !== 'waiting') return;
        state = 'gave-up';
        reject(new VendorFailure('VENDOR_TIMEOUT', `the request deadline passed while waiting for one of the connection's ${this.max} slots`));
      };
      const timer = setTimeout(giveUp, Math.max(0, deadline - Date.now()));
      void this.limit(async () => {
        clearTimeout(timer);
        if (state === 'gave-up') return;
        if (Date.now() >= deadline) return giveUp();
        state = 'running';
        try {
          resolve(await call());
        } catch (error) {
          reject(error);
        }
      });
    });
  }

  view(): BulkheadView {
    return { active: this.limit.activeCount, queued: this.limit.pendingCount, max: this.max };
  }
}
