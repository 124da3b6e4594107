import { createHash } from 'node:crypto';
import type { AgentDirectory, AgentSource, LogicalAgent } from '../agents/agent-directory.js';
import { accessTo, type Caller } from '../auth/caller.js';

/**
 * The id a contact search's cursor is bound to: no configured agent's (those start with a
 * letter or digit), so a search cursor never opens an agent's walk, nor the reverse.
 */
export const CONTACT_SEARCH_ID = '*contact-search';

/** What a contact search walks: every readable agent's sources as one walk, and which agents each serves. */
export interface ContactSearchScope {
  /** The sources of every agent in scope, each (connection, binding) once, as one logical agent of the caller's org. */
  walk: LogicalAgent;
  /** Agent ids per source, by the source's walk key. */
  agentsOf: Map<string, string[]>;
}

/**
 * Every agent of the caller's own organization that the caller may read (roles scope it
 * as they scope agents; a SUPERADMIN searches the organization its token names), and
 * their sources, each (connection, binding) once: two agents bound to the same vendor
 * agent share one source, so its rows come once. Two bindings of one connection stay two
 * sources, with walk keys of their own for the cursor.
 */
export function contactSearchScope(directory: AgentDirectory, caller: Caller): ContactSearchScope {
  const agents = [...directory.agents.values()]
    .filter((agent) => agent.org === caller.org && accessTo(caller, agent) === 'read')
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const byBinding = new Map<string, { source: AgentSource; agents: string[] }>();
  for (const agent of agents) {
    for (const source of agent.sources) {
      const key = bindingKey(source);
      const known = byBinding.get(key);
      if (known) known.agents.push(agent.id);
      else byBinding.set(key, { source, agents: [agent.id] });
    }
  }
  const perConnection = new Map<string, number>();
  for (const { source } of byBinding.values()) perConnection.set(source.runtime.name, (perConnection.get(source.runtime.name) ?? 0) + 1);
  const sources: AgentSource[] = [];
  const agentsOf = new Map<string, string[]>();
  for (const [key, { source, agents: ids }] of byBinding) {
    const name = source.runtime.name;
    const walkKey = perConnection.get(name)! > 1 ? `${name}#${createHash('sha256').update(key).digest('base64url').slice(0, 8)}` : name;
    sources.push({ ...source, walkKey });
    agentsOf.set(walkKey, ids);
  }
  sources.sort((a, b) => (a.walkKey! < b.walkKey! ? -1 : a.walkKey! > b.walkKey! ? 1 : 0));
  return { walk: { id: CONTACT_SEARCH_ID, name: 'Contact search', org: caller.org, department: null, sources }, agentsOf };
}

/** The connection and the binding's fields, in a fixed order. */
function bindingKey(source: AgentSource): string {
  const { binding } = source.runtime;
  return JSON.stringify([source.runtime.name, Object.keys(binding).sort().map((field) => [field, binding[field]])]);
}
