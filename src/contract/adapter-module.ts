import type { AdapterDefinition } from './adapter.js';
import type { SimulatorFactory } from './simulator.js';

/** What one adapter folder exports from its `index.ts`: the adapter and its simulator. */
export interface AdapterModule {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each adapter has its own raw record type
  adapter: AdapterDefinition<any>;
  createSimulator: SimulatorFactory;
  /** How the sandbox binds a simulated agent: the binding fields for a vendor-side agent key. */
  sandboxBinding(agentKey: string): Record<string, unknown>;
  /** Connection settings the sandbox gives this vendor's simulated account (a `defaultRegion` for the numbers its simulator writes). */
  sandboxConnection?: { defaultRegion?: string };
  /** Which of the sandbox's agents this vendor joins (none when absent). */
  sandboxSources?: readonly SandboxSource[];
}

/** One simulated vendor agent the sandbox binds to one of its agents (`support-bot`, ...). */
export interface SandboxSource {
  /** The sandbox agent it joins. */
  agent: string;
  /** The vendor-side agent key, turned into binding fields by `sandboxBinding`. */
  agentKey: string;
  /** How many conversations the simulator seeds for it. */
  count: number;
}
