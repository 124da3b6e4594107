import type { GatewayConfig } from '../../src/config/gateway-config.js';
import type { VendorSimulator } from '../../src/contract/index.js';
import { expectedRows } from '../support/expected-rows.js';
import { startSandboxApp, type SandboxApp } from '../support/sandbox-app.js';
import type { PageBody } from '../support/walk.js';

export const AGENT = 'support-bot';
/** The sources the tests inject faults into; the agent may have more (every adapter's). */
export type ConnectionName = 'convocore-eu' | 'chatdash' | 'elevenlabs' | 'tether';

export interface SourceEntry {
  source: string;
  status: string;
  requests: number;
  skipped: number;
  cached: boolean;
  stale: boolean;
  fetchedAt?: string;
  retryAfterSec?: number;
  error?: { code: string; message: string };
}

export interface TimedPage {
  status: number;
  body: PageBody & { error?: string; message?: string };
  sources: Map<string, SourceEntry>;
  ms: number;
}

export interface FaultWorld extends SandboxApp {
  /** Every source of the agent, as bound in the sandbox. */
  sources: string[];
  /** The agent's sources but these. */
  healthyOtherThan(...failing: ConnectionName[]): string[];
  simulator(name: ConnectionName): VendorSimulator;
  /** One page of the agent, timed. */
  page(query?: Record<string, string>, agentId?: string): Promise<TimedPage>;
  /** The first `limit` ids a clean walk over only these sources returns. */
  cleanIds(sources: readonly string[], limit?: number): string[];
  /** Vendor calls each simulator answered so far. */
  requestCounts(): Record<string, number>;
}

/**
 * The sandbox world and an app on it, with the cache off (a page cached by one request
 * would hide the fault injected for the next) unless `adjust` turns it back on.
 */
export async function startFaultWorld(adjust?: (config: GatewayConfig) => void): Promise<FaultWorld> {
  const sandbox = await startSandboxApp({
    adjust: (config) => {
      for (const connection of Object.values(config.connections)) connection.cacheTtlMs = 0;
      adjust?.(config);
    },
  });
  const sources = (sandbox.world.bindings.get(AGENT) ?? []).map((binding) => binding.connection);
  const world: FaultWorld = {
    ...sandbox,
    sources,
    healthyOtherThan: (...failing) => sources.filter((name) => !(failing as string[]).includes(name)),
    simulator: (name) => sandbox.world.simulators.get(name)!,
    async page(query = {}, agentId = AGENT) {
      const started = Date.now();
      const response = await sandbox.app.inject({
        method: 'GET',
        url: `/v1/agents/${agentId}/conversations`,
        query: { limit: '100', ...query },
        headers: { authorization: `Bearer ${sandbox.token()}` },
      });
      const ms = Date.now() - started;
      const body = response.json() as TimedPage['body'];
      const sources = new Map((body.data?.sources ?? []).map((entry) => [entry.source, entry as SourceEntry]));
      return { status: response.statusCode, body, sources, ms };
    },
    cleanIds: (sources, limit = 100) => expectedRows(sandbox.world, AGENT, {}, [...sources]).slice(0, limit).map((row) => row.id),
    requestCounts: () => Object.fromEntries([...sandbox.world.simulators].map(([name, simulator]) => [name, simulator.requests.length])),
  };
  return world;
}

/** Collects unhandled rejections for the life of a test file; `assertNone` in `afterAll`. */
export function watchUnhandledRejections(): { list: unknown[]; stop(): void } {
  const list: unknown[] = [];
  const listener = (reason: unknown): void => {
    list.push(reason);
  };
  process.on('unhandledRejection', listener);
  return { list, stop: () => process.off('unhandledRejection', listener) };
}
