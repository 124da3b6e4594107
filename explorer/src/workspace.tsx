import { useEffect, useState } from 'preact/hooks';
import type { Agent } from './api-types.js';
import { ApiError, listAgents } from './api.js';
import { AgentCards } from './agent-cards.js';
import { ConversationsView } from './conversations-view.js';
import { PersonView } from './person-view.js';
import { StalledView } from './stalled-view.js';
import { NO_FILTERS, type Tab, type ViewState } from './view-state.js';

interface WorkspaceProps {
  token: string;
  view: ViewState;
  navigate(view: ViewState): void;
  signOut(notice: string): void;
}

type AgentList = { kind: 'loading' } | { kind: 'loaded'; agents: Agent[] } | { kind: 'failed'; message: string };

/**
 * The signed-in page: the agent, the tabs and the chosen view. The conversations are asked
 * for at once when the URL names an agent, without waiting for the agent list.
 */
export function Workspace({ token, view, navigate, signOut }: WorkspaceProps) {
  const [agents, setAgents] = useState<AgentList>({ kind: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    listAgents(token, controller.signal).then(
      (list) => setAgents({ kind: 'loaded', agents: list }),
      (error: Error) => {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.status === 401) signOut(`Signed out: ${error.message}`);
        else setAgents({ kind: 'failed', message: error.message });
      },
    );
    return () => controller.abort();
  }, [token]);

  // A person's view stands for every agent: it takes the place of the agent's views.
  const agentId = view.contact ? '' : view.agent;
  const agent = agents.kind === 'loaded' ? agents.agents.find((candidate) => candidate.id === agentId) : undefined;
  const pickAgent = (id: string) => navigate({ tab: view.tab, agent: id, filters: NO_FILTERS, contact: '' });
  const pickTab = (tab: Tab) => navigate({ ...view, tab });

  return (
    <div class="workspace">
      <header class="top">
        <h1>
          <a href="/explorer">Explorer</a>
        </h1>
        {agents.kind === 'loaded' && agents.agents.length > 0 && (
          <label class="agent-picker">
            Agent{' '}
            <select value={agentId} onChange={(event) => pickAgent(event.currentTarget.value)}>
              {!agentId && <option value="">choose…</option>}
              {agents.agents.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.name} ({candidate.id})
                </option>
              ))}
            </select>
          </label>
        )}
        {agentId && (
          <nav class="tabs" aria-label="Views">
            <TabButton tab="conversations" current={view.tab} onPick={pickTab} label="Conversations" />
            <TabButton tab="stalled" current={view.tab} onPick={pickTab} label="Stalled" />
          </nav>
        )}
        <button type="button" class="sign-out" onClick={() => signOut('')}>
          Sign out
        </button>
      </header>
      <main>
        {agents.kind === 'failed' && (
          <p class="error-banner" role="alert">
            Could not read the agents: {agents.message}
          </p>
        )}
        {view.contact && <PersonView contactKey={view.contact} token={token} agents={agents.kind === 'loaded' ? agents.agents : undefined} />}
        {!agentId && !view.contact && agents.kind === 'loaded' && <AgentCards agents={agents.agents} onPick={pickAgent} />}
        {agentId && agents.kind === 'loaded' && !agent && (
          <p class="error-banner" role="alert">
            No agent "{view.agent}" is visible to this token.
          </p>
        )}
        {agentId && view.tab === 'conversations' && (agents.kind === 'loading' || agent) && (
          <ConversationsView
            agentId={agentId}
            sources={agent?.sources.map((source) => source.source) ?? []}
            filters={view.filters}
            token={token}
            onFilters={(filters) => navigate({ ...view, filters })}
          />
        )}
        {agentId && view.tab === 'stalled' && (agents.kind === 'loading' || agent) && <StalledView agentId={agentId} token={token} />}
      </main>
    </div>
  );
}

function TabButton({ tab, current, label, onPick }: { tab: Tab; current: Tab; label: string; onPick(tab: Tab): void }) {
  return (
    <button type="button" class="tab" aria-current={tab === current ? 'page' : undefined} onClick={() => onPick(tab)}>
      {label}
    </button>
  );
}
