import type { AdapterModule } from '../../src/contract/index.js';
import { chatdashAdapter } from './chatdash-adapter.js';
import { createChatDashSimulator } from './chatdash-simulator.js';

export { chatdashAdapter } from './chatdash-adapter.js';
export { createChatDashSimulator } from './chatdash-simulator.js';
export { mapChatDashRow } from './map-chatdash-row.js';

export const chatdashModule: AdapterModule = {
  adapter: chatdashAdapter,
  createSimulator: createChatDashSimulator,
  sandboxBinding: (agentKey) => ({ agentId: agentKey }),
  sandboxSources: [
    { agent: 'support-bot', agentKey: 'cd-support', count: 120 },
    { agent: 'globex-helpdesk', agentKey: 'cd-globex', count: 40 },
  ],
  // The simulated account writes North American numbers nationally, `(416) 555-0100`.
  sandboxConnection: { defaultRegion: 'CA' },
};
