import type { AgentDirectory } from '../agents/agent-directory.js';
import type { Caller } from '../auth/caller.js';
import { selectSources } from '../conversations/open-walks.js';
import { readConversationsPage, type ConversationsPage, type PageDependencies, type PageOptions, type PageRequest } from '../conversations/read-conversations-page.js';
import type { SourceReport } from '../conversations/source-report.js';
import { GatewayError } from '../errors.js';
import { contactSearchScope } from './contact-search-scope.js';

/**
 * Vendor calls a source may need to move on by one page: a page-numbered source read again
 * where its cursor left it, and the next page with it. A budget below this per source can
 * spend itself on pages read again, page after page, and the search would never move.
 */
const CALLS_TO_MOVE_ON = 2;

/** A page of a contact search: each source also says which agents it serves. */
export interface ContactSearchPage extends Omit<ConversationsPage, 'sources'> {
  sources: (SourceReport & { agents: string[] })[];
}

export type ContactSearchRequest = Omit<PageRequest, 'agent' | 'callerOrg' | 'syncToken'>;

/**
 * One page of every conversation with one contact (`request.filters.contact`) across every
 * agent the caller may read: the same merged walk as an agent's page, over the sources of
 * all those agents, each (connection, binding) once, behind one cursor, with the page's
 * budget, deadline and per-source report. No vendor documents a filter by contact, so
 * every source reads its rows and the gateway keeps the contact's: within the budget, and
 * `cut` says when the budget or the deadline ended a page before it was full.
 */
export async function searchContacts(deps: PageDependencies, directory: AgentDirectory, caller: Caller, request: ContactSearchRequest, options: PageOptions): Promise<ContactSearchPage> {
  const scope = contactSearchScope(directory, caller);
  const { walk } = scope;
  if (request.sources) {
    const known = new Set(walk.sources.map((source) => source.runtime.name));
    const unknown = request.sources.filter((name) => !known.has(name));
    if (unknown.length > 0) throw new GatewayError('BAD_REQUEST', `sources: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not a source of any agent you may read`);
  }
  const selected = selectSources(walk, request.sources);
  const budget = deps.settings.maxVendorCallsPerRequest;
  if (selected.length * CALLS_TO_MOVE_ON > budget) {
    throw new GatewayError(
      'BAD_REQUEST',
      `this search reads ${selected.length} sources, and each may need ${CALLS_TO_MOVE_ON} vendor calls a page to move on: more than the ${budget} a request may make (limits.maxVendorCallsPerRequest). Name fewer with sources=`,
    );
  }
  if (selected.length === 0) {
    return { rows: [], pagination: { limit: request.limit, hasMore: false, nextCursor: null }, sources: [], partial: false };
  }
  const { freshUntil: _freshUntil, sources, ...page } = await readConversationsPage(deps, { ...request, agent: walk, callerOrg: caller.org }, options);
  return { ...page, sources: sources.map((report, index) => ({ ...report, agents: scope.agentsOf.get(selected[index]!.walkKey!) ?? [] })) };
}
