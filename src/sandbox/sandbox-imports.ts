import type { AdapterModule, ImportedConversation, SourceBinding, VendorSimulator } from '../contract/index.js';

/** One conversation in this many of a vendor's is imported by a vendor bound beside it. */
const IMPORTED_SHARE = 3;

/**
 * The sandbox shows copies as they happen: a simulated vendor that imports other vendors'
 * conversations (an adapter with `copies`, a simulator with `importCopies`) takes a copy of
 * every third conversation of each vendor it imports from that is bound to the same
 * sandbox agent, on the channels it imports (ChatDash's support agent imports voice calls from
 * Vapi, Retell and ElevenLabs).
 */
export function importSandboxCopies(modules: readonly AdapterModule[], simulators: ReadonlyMap<string, VendorSimulator>, bindings: ReadonlyMap<string, SourceBinding[]>): void {
  const moduleOf = (binding: SourceBinding) => {
    const vendor = simulators.get(binding.connection)!.vendor;
    return modules.find((module) => module.adapter.vendor === vendor)!;
  };
  for (const agentBindings of bindings.values()) {
    for (const copier of agentBindings) {
      const simulator = simulators.get(copier.connection)!;
      const copies = moduleOf(copier).adapter.copies;
      if (!copies || !simulator.importCopies) continue;
      const origins = agentBindings.filter((binding) => binding !== copier && copies.from.includes(moduleOf(binding).adapter.vendor));
      const imported = origins.flatMap((binding) => importable(moduleOf(binding), simulators.get(binding.connection)!, binding));
      simulator.importCopies(copier, imported.filter(({ channelType }) => copies.channels === undefined || copies.channels.includes(channelType)));
    }
  }
}

function importable(module: AdapterModule, simulator: VendorSimulator, binding: SourceBinding): ImportedConversation[] {
  return simulator.visibleRecords(binding).flatMap((record, index) => {
    if (index % IMPORTED_SHARE !== 0) return [];
    try {
      const row = module.adapter.mapRow(record, { binding });
      const { conversationId, channelType, contactName, contactPhone, contactEmail, startedAt, endedAt, durationSec, summary } = row;
      return [{ vendor: module.adapter.vendor, conversationId, channelType, contactName, contactPhone, contactEmail, startedAt, endedAt, durationSec, summary }];
    } catch {
      // A record the adapter cannot map (the simulators plant a few) is not imported either.
      return [];
    }
  });
}
