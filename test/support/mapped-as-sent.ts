import { rowVendorAgentId, type AdapterDefinition, type MappedRow, type SourceBinding } from '../../src/contract/index.js';

/** A record mapped as the gateway sends it: the mapper's fields plus the `vendorAgentId` the gateway assigns from the binding. */
export function mappedAsSent<Raw>(adapter: AdapterDefinition<Raw>, record: Raw, binding: SourceBinding): MappedRow & { vendorAgentId: string } {
  const mapped = adapter.mapRow(record, { binding });
  return { ...mapped, vendorAgentId: rowVendorAgentId(mapped, adapter.vendorAgentId(binding)) };
}
