import { BASE, deliverable, MINUTE } from './memory-pool.js';
import type { MemoryVendor } from './memory-vendors.js';
import { inGatewayOrder } from './oracle/gateway-order.js';
import type { TimeFilter } from './vendor-arbitraries.js';

/** A time filter on the minute grid of the memory pool, in epoch ms. */
export function filterMs(filter: TimeFilter): { since?: number; until?: number } {
  return {
    ...(filter.since === undefined ? {} : { since: BASE + filter.since * MINUTE }),
    ...(filter.until === undefined ? {} : { until: BASE + filter.until * MINUTE }),
  };
}

/** The oracle over memory vendors: every deliverable record in the window (and kept), in the gateway order. */
export function expectedIds(vendors: MemoryVendor[], filter: TimeFilter, keep: (vendor: MemoryVendor, id: string) => boolean = () => true): string[] {
  const { since, until } = filterMs(filter);
  const items = vendors.flatMap((vendor) =>
    deliverable(vendor)
      .filter((record) => keep(vendor, record.id))
      .filter((record) => since === undefined || (record.t !== null && since <= record.t))
      .filter((record) => until === undefined || (record.t !== null && record.t < until))
      .map((record) => ({ id: `${vendor.name}:${record.id}`, time: record.t })),
  );
  return inGatewayOrder(items).map((item) => item.id);
}
