import type { AdapterModule } from '../../src/contract/index.js';
import { vapiAdapter } from './vapi-adapter.js';
import { createVapiSimulator } from './vapi-simulator.js';

export const vapiModule: AdapterModule = {
  adapter: vapiAdapter,
  createSimulator: createVapiSimulator,
  sandboxBinding: (agentKey) => ({ assistantId: agentKey }),
  sandboxSources: [{ agent: 'support-bot', agentKey: 'asst_support', count: 70 }],
};
