import { setTimeout as sleep } from 'node:timers/promises';
import { VendorFailure } from '../upstream/vendor-failure.js';
import type { SharedStore } from './shared-store.js';
import { SlotPool, type TakenSlot } from './slot-pool.js';

/** What a connection allows, fleet-wide. */
export interface BudgetSettings {
  name: string;
  maxConcurrency: number;
  requestsPerSecond?: number;
  /** Limit of one vendor call: a concurrency slot is never held much longer. */
  timeoutMs: number;
}

/** How often a caller waiting for a concurrency slot held elsewhere looks again. */
const SLOT_POLL_MS = 10;

/**
 * One connection's vendor budget across every replica: at most `maxConcurrency` calls
 * in flight and `requestsPerSecond` calls started per second. A call waits for both,
 * never past its deadline. In-process, the concurrency cap is the replica's own
 * bulkhead, so only a rate is kept here.
 */
export class VendorBudget {
  private readonly concurrency: SlotPool | undefined;
  private readonly rate: SlotPool | undefined;

  constructor(settings: BudgetSettings, store?: SharedStore) {
    if (store) {
      const holdSeconds = Math.ceil(settings.timeoutMs / 1000) + 1;
      this.concurrency = new SlotPool(`${settings.name}:concurrency`, settings.maxConcurrency, holdSeconds, store);
    }
    if (settings.requestsPerSecond) this.rate = new SlotPool(`${settings.name}:rate`, settings.requestsPerSecond, 1, store);
  }

  async run<T>(call: () => Promise<T>, deadline: number): Promise<T> {
    const slot = this.concurrency ? await this.takeSlot(this.concurrency, deadline) : undefined;
    try {
      if (this.rate) await this.takeStart(this.rate, deadline);
      return await call();
    } finally {
      await slot?.release();
    }
  }

  private async takeSlot(pool: SlotPool, deadline: number): Promise<TakenSlot> {
    for (;;) {
      const taken = await pool.tryTake();
      if ('release' in taken) return taken;
      if (Date.now() + SLOT_POLL_MS >= deadline) {
        throw new VendorFailure('VENDOR_TIMEOUT', `the request deadline passed while waiting for one of the connection's ${pool.size} slots across the fleet`);
      }
      await sleep(Math.min(SLOT_POLL_MS, taken.retryInMs));
    }
  }

  /** A rate slot frees itself within a second: wait for it if the deadline allows, else report the budget spent. */
  private async takeStart(pool: SlotPool, deadline: number): Promise<void> {
    for (;;) {
      const taken = await pool.tryTake();
      if ('release' in taken) return;
      const waitMs = Math.max(1, taken.retryInMs);
      if (Date.now() + waitMs >= deadline) {
        throw new VendorFailure(
          'VENDOR_RATE_LIMITED',
          `the connection's budget of ${pool.size} vendor requests per second is spent`,
          Math.max(1, Math.ceil(waitMs / 1000)),
        );
      }
      await sleep(waitMs);
    }
  }
}
