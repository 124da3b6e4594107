import { Gauge, type Registry } from 'prom-client';
import type { GatewayConfig } from '../config/gateway-config.js';
import { FleetVendorCursors, LocalVendorCursors, type VendorCursorStore } from '../cursor/vendor-cursor-store.js';
import { FleetGuard } from './fleet-guard.js';
import { SharedPageTier } from './shared-page-tier.js';
import { SharedStore, type StoreState } from './shared-store.js';

/** What a replica shares with the others; with no `store` configured, only in-process parts. */
export interface Fleet {
  store: SharedStore | undefined;
  guard: FleetGuard;
  pageTier: SharedPageTier | undefined;
  /** Vendor cursors too long to carry in a cursor: in Redis for every replica, else in this process. */
  vendorCursors: VendorCursorStore;
  /** `off` without a store configured. */
  readonly state: StoreState;
  close(): void;
}

export function createFleet(config: GatewayConfig): Fleet {
  const store = config.store ? new SharedStore(config.store.redis) : undefined;
  const guard = new FleetGuard(store);
  return {
    store,
    guard,
    pageTier: store ? new SharedPageTier(store) : undefined,
    vendorCursors: store ? new FleetVendorCursors(store) : new LocalVendorCursors(),
    get state() {
      return store?.state ?? 'off';
    },
    close: () => {
      guard.close();
      store?.close();
    },
  };
}

/**
 * `gateway_store_up`: 1 while the replica shares state through Redis, 0 while it runs on
 * its own; `gateway_fleet_replicas`: the replicas it last saw share the store (fleet-wide
 * budgets are split by it while Redis is down, and the rate limit's margin near its limit).
 */
export function registerStoreGauge(registry: Registry, fleet: Fleet): void {
  if (!fleet.store) return;
  new Gauge({
    name: 'gateway_store_up',
    help: 'Whether this replica reaches the shared store (Redis): 1 up, 0 down (then it uses its in-process state)',
    registers: [registry],
    collect() {
      this.set(fleet.state === 'up' ? 1 : 0);
    },
  });
  new Gauge({
    name: 'gateway_fleet_replicas',
    help: 'Replicas sharing the store, as this one last saw them (itself included)',
    registers: [registry],
    collect() {
      this.set(fleet.guard.replicas);
    },
  });
}
