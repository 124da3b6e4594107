import type { AdapterModule } from '../../src/contract/index.js';
import { elevenlabsAdapter } from './elevenlabs-adapter.js';
import { createElevenLabsSimulator } from './elevenlabs-simulator.js';

export const elevenlabsModule: AdapterModule = {
  adapter: elevenlabsAdapter,
  createSimulator: createElevenLabsSimulator,
  sandboxBinding: (agentKey) => ({ agentId: agentKey }),
};
