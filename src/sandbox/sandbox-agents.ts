import type { AdapterModule } from '../contract/index.js';

/** The sandbox's logical agents: which simulated vendor agents each one binds. */
export interface SandboxAgentPlan {
  id: string;
  name: string;
  org: string;
  department: string;
  sources: { vendor: string; agentKey: string; count: number }[];
}

/** The sandbox's agents and orgs; each adapter module says which of them it joins (`sandboxSources`). */
const SANDBOX_AGENT_NAMES: readonly Omit<SandboxAgentPlan, 'sources'>[] = [
  { id: 'support-bot', name: 'Support bot', org: 'acme', department: 'support' },
  { id: 'sales-bot', name: 'Sales bot', org: 'acme', department: 'sales' },
  { id: 'globex-helpdesk', name: 'Globex helpdesk', org: 'globex', department: 'helpdesk' },
];

/** The sandbox's agents bound to the registered vendors' simulated agents, in registry order. */
export function sandboxAgents(modules: readonly AdapterModule[]): SandboxAgentPlan[] {
  const unknown = modules.flatMap((module) => module.sandboxSources ?? []).find((source) => !SANDBOX_AGENT_NAMES.some((agent) => agent.id === source.agent));
  if (unknown) throw new Error(`sandbox source ${unknown.agentKey} joins an unknown sandbox agent ${unknown.agent}`);
  return SANDBOX_AGENT_NAMES.map((agent) => ({
    ...agent,
    sources: modules.flatMap((module) =>
      (module.sandboxSources ?? [])
        .filter((source) => source.agent === agent.id)
        .map(({ agentKey, count }) => ({ vendor: module.adapter.vendor, agentKey, count })),
    ),
  }));
}
