import type { CircuitBreaker } from '../upstream/circuit-breaker.js';
import { VendorFailure } from '../upstream/vendor-failure.js';
import type { Connection } from '../upstream/vendor-client.js';
import { FleetHealth, type FleetHealthView, type HealthSettings } from './fleet-health.js';
import { FleetSize } from './fleet-size.js';
import type { SharedStore } from './shared-store.js';
import { VendorBudget } from './vendor-budget.js';

/**
 * What every replica must agree on before one of them calls a vendor: the fleet's view
 * of the connection's health (a pending `Retry-After`, an open breaker, who probes) and
 * its budget (calls in flight, calls per second). Without a store only the per-second
 * budget is kept, in this process; the rest is the vendor client's own guards. While
 * Redis is down, each replica keeps its share of the budgets (split by the replicas last seen).
 */
export class FleetGuard {
  private readonly budgets = new Map<string, VendorBudget>();
  private readonly health: FleetHealth | undefined;
  private readonly size: FleetSize | undefined;

  constructor(private readonly store?: SharedStore) {
    if (store) {
      this.health = new FleetHealth(store);
      this.size = new FleetSize(store);
    }
  }

  /**
   * Runs one vendor call (`call` already passes this replica's breaker) once the fleet
   * allows it, and tells the fleet how it went. `breaker` is this replica's, read to see
   * whether this call opened it.
   */
  async run<T>(connection: Connection, breaker: CircuitBreaker, deadline: number, call: () => Promise<T>): Promise<T> {
    const settings = healthSettings(connection);
    const admission = this.health ? await this.health.admit(settings) : { probe: undefined };
    const wasOpen = breaker.state === 'open';
    let reachedVendor = false;
    try {
      const result = await this.budgetOf(connection).run(() => {
        reachedVendor = true;
        return call();
      }, deadline);
      await this.health?.succeeded(settings, admission);
      return result;
    } catch (error) {
      const openedHere = !wasOpen && breaker.view().state === 'open' ? { failures: breaker.view().consecutiveFailures } : undefined;
      // A call the budget never let through says nothing about the vendor.
      const failure = reachedVendor ? VendorFailure.from(error) : new VendorFailure('INTERNAL_ERROR', 'not called');
      await this.health?.failed(settings, admission, failure, openedHere);
      throw error;
    }
  }

  close(): void {
    this.size?.close();
  }

  /** The fleet's view of a connection's health; undefined without a store or while Redis is down. */
  view(connection: Connection): Promise<FleetHealthView | undefined> {
    return this.health ? this.health.view(healthSettings(connection)) : Promise.resolve(undefined);
  }

  private budgetOf(connection: Connection): VendorBudget {
    let budget = this.budgets.get(connection.name);
    if (!budget) {
      budget = new VendorBudget(
        {
          name: connection.name,
          maxConcurrency: connection.maxConcurrency,
          requestsPerSecond: connection.requestsPerSecond,
          timeoutMs: connection.timeoutMs,
        },
        this.store,
        this.size ? () => this.size!.replicas : undefined,
      );
      this.budgets.set(connection.name, budget);
    }
    return budget;
  }
}

function healthSettings(connection: Connection): HealthSettings {
  return {
    name: connection.name,
    breakerCooldownMs: connection.breakerCooldownMs,
    timeoutMs: connection.timeoutMs,
  };
}
