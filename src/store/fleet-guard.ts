import type { BreakerView } from '../upstream/circuit-breaker.js';
import type { Connection } from '../upstream/connection.js';
import { VendorFailure } from '../upstream/vendor-failure.js';
import { FleetPause } from './fleet-pause.js';
import { FleetSize } from './fleet-size.js';
import { RedisBreakerState } from './shared-breaker-state.js';
import type { SharedStore } from './shared-store.js';
import { VendorBudget } from './vendor-budget.js';

/** The fleet's view of one connection, for `GET /v1/connections`. */
export interface FleetHealthView {
  breaker: Omit<BreakerView, 'consecutiveFailures'> | null;
  /** Until when a vendor's `429 Retry-After` stops every replica from calling it. */
  rateLimitedUntil: string | null;
}

/**
 * What every replica must agree on before one of them calls a vendor: a pending
 * `Retry-After` (the fleet's pause) and the connection's budget (calls in flight, calls
 * per second). The breaker's shared state is handed to each connection's breaker from
 * here. Without a store only the per-second budget is kept, in this process. While Redis
 * is down, each replica keeps its share of the budgets (split by the replicas last seen).
 */
export class FleetGuard {
  private readonly budgets = new Map<string, VendorBudget>();
  private readonly breakers = new Map<string, RedisBreakerState>();
  private readonly pause: FleetPause | undefined;
  private readonly size: FleetSize | undefined;

  constructor(private readonly store?: SharedStore) {
    if (store) {
      this.pause = new FleetPause(store);
      this.size = new FleetSize(store);
    }
  }

  /** Runs one vendor call once the fleet allows it, and tells the fleet of a `429`. */
  async run<T>(connection: Connection, deadline: number, call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.pause?.admit(connection.name);
    let reachedVendor = false;
    try {
      return await this.budgetOf(connection).run(
        () => {
          reachedVendor = true;
          return call();
        },
        deadline,
        signal,
      );
    } catch (error) {
      // A call the budget never let through says nothing about the vendor.
      if (reachedVendor) await this.pause?.failed(connection.name, VendorFailure.from(error));
      throw error;
    }
  }

  /** The connection's breaker state in the fleet's store; undefined without one. */
  sharedBreaker(connection: Connection): RedisBreakerState | undefined {
    if (!this.store) return undefined;
    let state = this.breakers.get(connection.name);
    if (!state) {
      state = new RedisBreakerState(this.store, connection);
      this.breakers.set(connection.name, state);
    }
    return state;
  }

  /** Replicas sharing the store, as last seen (1 without one). */
  get replicas(): number {
    return this.size?.replicas ?? 1;
  }

  close(): void {
    this.size?.close();
  }

  /** The fleet's view of a connection's health; undefined without a store or while Redis is down. */
  async view(connection: Connection): Promise<FleetHealthView | undefined> {
    if (!this.pause) return undefined;
    const [breaker, rateLimitedUntil] = await Promise.all([this.sharedBreaker(connection)!.view(), this.pause.pausedUntil(connection.name)]);
    if (breaker === undefined || rateLimitedUntil === undefined) return undefined;
    return { breaker, rateLimitedUntil };
  }

  private budgetOf(connection: Connection): VendorBudget {
    let budget = this.budgets.get(connection.name);
    if (!budget) {
      budget = new VendorBudget(connection, this.store, this.size ? () => this.size!.replicas : undefined);
      this.budgets.set(connection.name, budget);
    }
    return budget;
  }
}
