import type { AdapterModule } from '../../src/contract/index.js';
import { elevenlabsAdapter } from './elevenlabs-adapter.js';
import { createElevenLabsSimulator } from './elevenlabs-simulator.js';

export const elevenlabsModule: AdapterModule = {
  adapter: elevenlabsAdapter,
  createSimulator: createElevenLabsSimulator,
  sandboxBinding: (agentKey) => ({ agentId: agentKey }),
  sandboxSources: [
    { agent: 'support-bot', agentKey: 'agent_support', count: 130 },
    { agent: 'sales-bot', agentKey: 'agent_sales', count: 45 },
  ],
};
