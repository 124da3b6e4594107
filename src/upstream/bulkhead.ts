import pLimit, { type LimitFunction } from 'p-limit';
import { VendorFailure } from './vendor-failure.js';

export interface BulkheadView {
  active: number;
  queued: number;
  max: number;
}

/**
 * A connection's concurrency cap (p-limit): one slow vendor holds at most `max` sockets.
 * A call waits for a slot only until its deadline or until its caller goes away; a waiter
 * that gave up leaves the queue without calling the vendor when its turn comes. Giving up
 * is the gateway's own cut-off, never the vendor's failure.
 */
export class Bulkhead {
  private readonly limit: LimitFunction;

  constructor(private readonly max: number) {
    this.limit = pLimit(max);
  }

  run<T>(call: () => Promise<T>, deadline: number, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let state: 'waiting' | 'running' | 'gave-up' = 'waiting';
      const giveUp = (failure: VendorFailure): void => {
        if (state !== 'waiting') return;
        state = 'gave-up';
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        reject(failure);
      };
      const atDeadline = () =>
        giveUp(new VendorFailure('DEADLINE_REACHED', `the request deadline passed while waiting for one of the connection's ${this.max} slots`));
      const onAbort = () => giveUp(new VendorFailure('CANCELLED', "the caller went away while the call waited for one of the connection's slots"));
      const timer = setTimeout(atDeadline, Math.max(0, deadline - Date.now()));
      signal?.addEventListener('abort', onAbort, { once: true });
      void this.limit(async () => {
        if (state === 'gave-up') return;
        if (Date.now() >= deadline) return atDeadline();
        state = 'running';
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
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
