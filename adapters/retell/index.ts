import type { AdapterModule } from '../../src/contract/index.js';
import { retellAdapter } from './retell-adapter.js';
import { createRetellSimulator } from './retell-simulator.js';

export const retellModule: AdapterModule = {
  adapter: retellAdapter,
  createSimulator: createRetellSimulator,
  sandboxBinding: (agentKey) => ({ agentId: agentKey }),
  sandboxSources: [{ agent: 'support-bot', agentKey: 'agent_retell_support', count: 75 }],
};
