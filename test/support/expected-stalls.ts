import { request } from 'undici';
import { adapterModules } from '../../adapters/index.js';
import type { SourceBinding, StallCategory, VendorSimulator } from '../../src/contract/index.js';
import { classifyStall, passesThreshold } from '../../src/monitor/classify-stall.js';
import { compareStallKeys } from '../../src/monitor/stall-order.js';
import type { SandboxWorld } from '../../src/sandbox/sandbox-world.js';

export interface ExpectedStall {
  id: string;
  agentId: string;
  category: StallCategory;
  latestInboundAt: number | null;
}

export interface StallQuery {
  categories?: StallCategory[];
  thresholdMinutes?: number;
  skipThreshold?: boolean;
}

/**
 * The brute-force answer: every record each simulator shows for each agent, read with
 * the adapter's documented signals (or, for a vendor report, the simulator's whole
 * report joined with the agent's records), thresholded at `asOf` and sorted longest
 * waiting first. No gateway paging involved.
 */
export async function expectedStalls(world: SandboxWorld, agentIds: string[], asOf: number, query: StallQuery = {}): Promise<ExpectedStall[]> {
  const categories = query.categories ?? ['ai_stuck', 'agent_abandoned'];
  const byId = new Map<string, ExpectedStall>();
  for (const agentId of [...agentIds].sort()) {
    for (const binding of world.bindings.get(agentId) ?? []) {
      const simulator = world.simulators.get(binding.connection)!;
      for (const stall of await stallsOf(world, simulator, binding)) {
        const id = `${binding.connection}:${stall.conversationId}`;
        if (!categories.includes(stall.category) || byId.has(id)) continue;
        if (!passesThreshold(stall.latestInboundAt, asOf, query.thresholdMinutes ?? 30, query.skipThreshold ?? false)) continue;
        byId.set(id, { id, agentId, category: stall.category, latestInboundAt: stall.latestInboundAt });
      }
    }
  }
  return [...byId.values()].sort((a, b) => compareStallKeys({ t: a.latestInboundAt, id: a.id }, { t: b.latestInboundAt, id: b.id }));
}

type Found = { conversationId: string; category: StallCategory; latestInboundAt: number | null };

async function stallsOf(world: SandboxWorld, simulator: VendorSimulator, binding: SourceBinding): Promise<Found[]> {
  const { adapter } = adapterModules.find((module) => module.adapter.vendor === simulator.vendor)!;
  const monitor = adapter.monitor;
  const records = simulator.visibleRecords(binding);
  if (!monitor) return [];
  if (monitor.kind === 'report') {
    const own = new Set(records.map((record) => adapter.mapRow(record, { binding }).conversationId));
    const report = await wholeReport(simulator, world.config.connections[binding.connection]!.apiKey!);
    return report.map((record) => monitor.readStall(record)).filter((stall) => own.has(stall.conversationId));
  }
  return records.flatMap((record) => {
    const signals = monitor.stallSignals(record, { binding });
    const stall = signals ? classifyStall(signals) : null;
    return stall ? [{ conversationId: adapter.mapRow(record, { binding }).conversationId, ...stall }] : [];
  });
}

/** Tether's report, every candidate, read straight from the simulator. */
async function wholeReport(simulator: VendorSimulator, token: string): Promise<unknown[]> {
  const rows: unknown[] = [];
  for (let page = 1; ; page += 1) {
    const url = `${simulator.baseUrl}/api/conversation-monitor/report?skipThreshold=true&limit=100&page=${page}`;
    const response = await request(url, { headers: { authorization: `Bearer ${token}` } });
    const body = (await response.body.json()) as { data: { rows: unknown[]; pagination: { totalPages: number } } };
    rows.push(...body.data.rows);
    if (page >= body.data.pagination.totalPages) return rows;
  }
}
