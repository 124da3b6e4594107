import { adapterModules } from '../../adapters/index.js';
import type { Row } from '../../src/contract/index.js';
import { matchesFilters, type ConversationFilters } from '../../src/filters/conversation-filters.js';
import { compareKeys, keyOfRow } from '../../src/merge/row-key.js';
import type { SandboxWorld } from '../../src/sandbox/sandbox-world.js';

/**
 * The brute-force answer: every record each simulator shows for the agent, mapped by its
 * adapter, filtered, and sorted in the gateway order. No pagination involved.
 */
export function expectedRows(world: SandboxWorld, agentId: string, filters: ConversationFilters = {}, sources?: string[]): Row[] {
  const rows: Row[] = [];
  for (const binding of world.bindings.get(agentId) ?? []) {
    if (sources && !sources.includes(binding.connection)) continue;
    const simulator = world.simulators.get(binding.connection)!;
    const module = adapterModules.find((candidate) => candidate.adapter.vendor === simulator.vendor)!;
    for (const record of simulator.visibleRecords(binding)) {
      let mapped;
      try {
        mapped = module.adapter.mapRow(record, { binding });
      } catch {
        continue;
      }
      const row: Row = {
        id: `${binding.connection}:${mapped.conversationId}`,
        source: binding.connection,
        vendor: module.adapter.vendor,
        ...mapped,
        hasAccess: mapped.hasAccess ?? true,
      };
      const key = keyOfRow(row);
      if (matchesFilters(row, filters, key.t)) rows.push(row);
    }
  }
  return rows.sort((a, b) => compareKeys(keyOfRow(a), keyOfRow(b)));
}
