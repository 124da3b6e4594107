import type { AdapterModule } from '../../src/contract/index.js';
import { convocoreAdapter } from './convocore-adapter.js';
import { createConvocoreSimulator } from './convocore-simulator.js';

export const convocoreModule: AdapterModule = {
  adapter: convocoreAdapter,
  createSimulator: createConvocoreSimulator,
  sandboxBinding: (agentKey) => ({ agentId: agentKey }),
};
