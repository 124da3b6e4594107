import type { AdapterModule } from '../../src/contract/index.js';
import { convocoreAdapter } from './convocore-adapter.js';
import { createConvocoreSimulator } from './convocore-simulator.js';

export const convocoreModule: AdapterModule = {
  adapter: convocoreAdapter,
  createSimulator: createConvocoreSimulator,
  sandboxBinding: (agentKey) => ({ agentId: agentKey }),
  sandboxSources: [
    { agent: 'support-bot', agentKey: 'cc-support', count: 140 },
    { agent: 'sales-bot', agentKey: 'cc-sales', count: 60 },
  ],
};
