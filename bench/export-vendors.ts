/**
 * The export benchmark's vendors: the sandbox simulators in a child process, so the
 * benchmark's RSS is the gateway's (and its client's) alone and the simulators get their
 * own core. Sends the config and bindings up; takes delay settings and "close".
 */
import { adapterModules } from '../adapters/index.js';
import type { SandboxAgentPlan } from '../src/sandbox/sandbox-agents.js';
import { sandboxConnectionName, startSandboxWorld } from '../src/sandbox/sandbox-world.js';

type Message = { kind: 'delays'; delays: Record<string, number> } | { kind: 'close' };

const agents = JSON.parse(process.argv[2]!) as SandboxAgentPlan[];
const world = await startSandboxWorld({ modules: adapterModules, seed: 11, agents, secrets: JSON.parse(process.argv[3]!) as { jwt: string; cursor: string } });
process.send!({ kind: 'ready', config: world.config, bindings: Object.fromEntries(world.bindings) });
process.on('message', async (message: Message) => {
  if (message.kind === 'delays') {
    for (const simulator of world.simulators.values()) simulator.faults.clear();
    for (const [vendor, ms] of Object.entries(message.delays)) {
      world.simulators.get(sandboxConnectionName(vendor))!.faults.inject({ kind: 'delay', ms }, { times: Number.POSITIVE_INFINITY });
    }
    process.send!({ kind: 'delays-set' });
    return;
  }
  await world.close();
  process.exit(0);
});
