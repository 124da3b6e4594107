import { adapterModules } from '../../adapters/index.js';
import type { Row } from '../../src/contract/index.js';
import { mappedAsSent } from './mapped-as-sent.js';
import type { SandboxWorld } from '../../src/sandbox/sandbox-world.js';
import { contactFieldsOracle } from './oracle/contact-fields.js';
import { rowsInGatewayOrder } from './oracle/gateway-order.js';
import { rowMatchesQuery } from './oracle/query-filter.js';

/**
 * The brute-force answer: every record each simulator shows for the agent, mapped by its
 * adapter, kept if it matches the endpoint query and sorted in the gateway order, both
 * judged by the test oracles (not by src/filters or src/merge). No pagination involved.
 */
export function expectedRows(world: SandboxWorld, agentId: string, query: Readonly<Record<string, string>> = {}, sources?: string[]): Row[] {
  const rows: Row[] = [];
  for (const binding of world.bindings.get(agentId) ?? []) {
    if (sources && !sources.includes(binding.connection)) continue;
    const simulator = world.simulators.get(binding.connection)!;
    const module = adapterModules.find((candidate) => candidate.adapter.vendor === simulator.vendor)!;
    for (const record of simulator.visibleRecords(binding)) {
      let mapped;
      try {
        mapped = mappedAsSent(module.adapter, record, binding);
      } catch {
        continue;
      }
      const row: Row = {
        id: `${binding.connection}:${mapped.conversationId}`,
        source: binding.connection,
        vendor: module.adapter.vendor,
        ...mapped,
        ...contactFieldsOracle(mapped.contactPhone, mapped.contactEmail, world.config.connections[binding.connection]?.defaultRegion),
        hasAccess: mapped.hasAccess ?? true,
        originalId: mapped.originalId ?? null,
        linkedIds: [],
      };
      if (rowMatchesQuery(row, query)) rows.push(row);
    }
  }
  return rowsInGatewayOrder(rows);
}
