import { createHash } from 'node:crypto';
import type { AdapterModule } from '../../src/contract/index.js';
import { tetherAdapter } from './tether-adapter.js';
import { createTetherSimulator } from './tether-simulator.js';

export const tetherModule: AdapterModule = {
  adapter: tetherAdapter,
  createSimulator: createTetherSimulator,
  // A Tether user id is a 24-hex ObjectId; derive a stable one from the sandbox's agent key.
  sandboxBinding: (agentKey) => ({
    userId: createHash('sha256').update(agentKey).digest('hex').slice(0, 24),
    type: 'assignee',
  }),
  sandboxSources: [
    { agent: 'support-bot', agentKey: 'support-desk', count: 110 },
    { agent: 'globex-helpdesk', agentKey: 'globex-desk', count: 35 },
  ],
};
