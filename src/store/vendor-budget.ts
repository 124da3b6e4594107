import type { Connection } from '../upstream/connection.js';
import { VendorFailure } from '../upstream/vendor-failure.js';
import { CallWindow, type AdmittedCall } from './call-window.js';
import type { SharedStore } from './shared-store.js';

/** What a connection allows, fleet-wide; its `timeoutMs` bounds how long one call may count. */
export type BudgetSettings = Pick<Connection, 'name' | 'maxConcurrency' | 'requestsPerSecond' | 'timeoutMs'>;

/** Longest wait before a caller looks again (a call ended on another replica is not told here). */
const LOOK_AGAIN_MS = 50;

/**
 * One connection's vendor budget across every replica: at most `maxConcurrency` calls
 * in flight and `requestsPerSecond` calls in any second as the vendor sees them: a call
 * counts from when it is let through until a second after it ended (two after, if it
 * timed out). A call waits for both, never past its deadline. A call that ends
 * here wakes the callers waiting here at once. In-process, the concurrency cap is the
 * replica's own bulkhead, so only a rate is kept here.
 */
export class VendorBudget {
  private readonly concurrency: CallWindow | undefined;
  private readonly rate: CallWindow | undefined;
  private readonly sleepers = new Set<() => void>();

  constructor(settings: BudgetSettings, store?: SharedStore, replicas?: () => number) {
    const longestCallMs = settings.timeoutMs + 1_000;
    if (store) {
      this.concurrency = new CallWindow(`calls:${settings.name}:in-flight`, { limit: settings.maxConcurrency, afterEndMs: 0, longestCallMs }, store, replicas);
    }
    if (settings.requestsPerSecond) {
      this.rate = new CallWindow(`calls:${settings.name}:per-second`, { limit: settings.requestsPerSecond, afterEndMs: 1_000, longestCallMs }, store, replicas);
    }
  }

  /** `signal`: the caller went away; a wait for the budget ends with it. */
  async run<T>(call: () => Promise<T>, deadline: number, signal?: AbortSignal): Promise<T> {
    let inFlight: AdmittedCall | undefined;
    let started: AdmittedCall | undefined;
    try {
      if (this.concurrency) inFlight = await this.admit(this.concurrency, deadline, 'DEADLINE_REACHED', signal);
      if (this.rate) started = await this.admit(this.rate, deadline, 'VENDOR_RATE_LIMITED', signal);
      const result = await call();
      started?.ended();
      return result;
    } catch (error) {
      started?.ended(!unanswered(error));
      throw error;
    } finally {
      inFlight?.ended();
      if (inFlight || started) this.wake();
    }
  }

  private async admit(window: CallWindow, deadline: number, refusal: Refusal, signal: AbortSignal | undefined): Promise<AdmittedCall> {
    for (;;) {
      if (signal?.aborted) throw new VendorFailure('CANCELLED', 'the caller went away while the call waited for the fleet\'s budget');
      const taken = await window.tryAdmit();
      if ('ended' in taken) return taken;
      // `retryInMs` counts a call still in flight for its longest; it may end at once and count only `afterEndMs` more.
      const soonestMs = Math.max(1, Math.min(taken.retryInMs, window.settings.afterEndMs));
      if (Date.now() + soonestMs >= deadline) throw refused(window, refusal, soonestMs);
      await this.sleep(Math.min(taken.retryInMs, LOOK_AGAIN_MS));
    }
  }

  /** Sleeps `ms`, or less if a call of this replica ends meanwhile. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  private wake(): void {
    for (const wake of [...this.sleepers]) wake();
  }
}

type Refusal = 'DEADLINE_REACHED' | 'VENDOR_RATE_LIMITED';

/** The vendor may have had the request: a call that ended without its answer counts longer. */
function unanswered(error: unknown): boolean {
  return error instanceof VendorFailure && (error.code === 'VENDOR_TIMEOUT' || error.cutOff);
}

function refused(window: CallWindow, code: Refusal, retryInMs: number): VendorFailure {
  if (code === 'DEADLINE_REACHED') {
    return new VendorFailure(code, `the request deadline passed while waiting for one of the connection's ${window.limit} slots across the fleet`);
  }
  return new VendorFailure(code, `the connection's budget of ${window.limit} vendor requests per second is spent`, Math.max(1, Math.ceil(retryInMs / 1000)));
}
