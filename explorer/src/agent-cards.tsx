import type { Agent } from './api-types.js';
import { vendorClass } from './format.js';

/** The agents the caller may read, to pick one from. */
export function AgentCards({ agents, onPick }: { agents: Agent[]; onPick(agentId: string): void }) {
  if (agents.length === 0) return <p class="hint">This token may read no agent.</p>;
  return (
    <ul class="agent-cards" aria-label="Agents">
      {agents.map((agent) => (
        <li key={agent.id}>
          <button type="button" class="agent-card" data-agent={agent.id} onClick={() => onPick(agent.id)}>
            <strong>{agent.name}</strong> <code>{agent.id}</code>
            <span class="meta">
              org {agent.org}
              {agent.department ? ` · ${agent.department}` : ''}
            </span>
            <span class="badges">
              {agent.sources.map((source) => (
                <span key={source.source} class={vendorClass(source.vendor)}>
                  {source.source}
                </span>
              ))}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
