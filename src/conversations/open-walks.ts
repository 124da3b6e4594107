import type { AgentSource, LogicalAgent } from '../agents/agent-directory.js';
import type { WalkCursor } from '../cursor/walk-cursor.js';
import { GatewayError } from '../errors.js';
import { withCursorsFound, withCursorsKept } from '../cursor/vendor-cursor-store.js';
import { filterFingerprint, readsSummary, type ConversationFilters } from '../filters/conversation-filters.js';
import { cursorsOf } from '../merge/merged-walk.js';
import type { RowKey } from '../merge/row-key.js';
import { SourceWalk } from '../merge/source-walk.js';
import type { PageReader } from '../merge/source-usage.js';
import { planWalkSync, type WalkSyncPlan } from '../sync/walk-sync.js';
import type { Connection } from '../upstream/vendor-client.js';
import type { PageDependencies, PageRequest } from './page-request.js';

/** What a merged walk needs of a request, whether it serves one page or a whole export. */
export type WalkRequest = Pick<PageRequest, 'agent' | 'callerOrg' | 'filters' | 'sources' | 'cursor' | 'syncToken' | 'includeSummary'>;

export interface OpenSource {
  walk: SourceWalk;
  connection: Connection;
}

/** A merged walk ready to run: its sources, where each resumes, and what its cursor and sync token are bound to. */
export interface OpenWalks {
  /** When the request started, on the cursor clock. */
  started: number;
  resumed: WalkCursor | undefined;
  sync: WalkSyncPlan;
  sources: OpenSource[];
  /** The cursor of a walk stopped after `boundary`: where every source resumes. */
  cursor(boundary: RowKey | undefined, expiresAt: number): Promise<string>;
}

export interface OpenOptions {
  /** How a source reads one vendor page for this walk. */
  readerOf(source: AgentSource, filters: ConversationFilters, wantSummary: boolean): PageReader;
  /** Vendor pages one source may read. */
  maxPages: number;
  /** Vendor pages each source reads ahead of the walk (an export's); none by default. */
  readAheadWindow?(source: AgentSource): number;
  /** False once no read may start: nothing more is read ahead. */
  mayRead?(): boolean;
}

/**
 * Opens the walk a request asks for: picks its sources, checks and decodes its cursor
 * (bound to agent, org, filters and sources), plans a delta walk, and makes one
 * `SourceWalk` per source, resumed where the cursor left it.
 */
export async function openWalks(deps: PageDependencies, request: WalkRequest, options: OpenOptions): Promise<OpenWalks> {
  const { agent, filters } = request;
  const started = deps.now();
  const selected = selectSources(agent, request.sources);
  const fingerprint = filterFingerprint(filters, selected.map(walkKeyOf));
  const decoded = request.cursor
    ? deps.codec.decode(request.cursor, { agentId: agent.id, org: request.callerOrg, filters: fingerprint, now: started })
    : undefined;
  const resumed = decoded && { ...decoded, sources: await withCursorsFound(decoded.sources, deps.vendorCursors) };
  const sync = planWalkSync({
    codec: deps.syncTokens,
    agentId: agent.id,
    org: request.callerOrg,
    fingerprint,
    filters,
    now: started,
    resumed: resumed?.sync,
    cursorGiven: request.cursor !== undefined,
    syncToken: request.syncToken,
  });
  const wantSummary = request.includeSummary || readsSummary(filters);
  const sources = selected.map((source) => {
    const sourceFilters = sync.filtersFor(source.runtime);
    const walk = new SourceWalk(source.runtime, resumed?.sources[walkKeyOf(source)], options.readerOf(source, sourceFilters, wantSummary), {
      filters: sourceFilters,
      key: walkKeyOf(source),
      startBoundary: resumed?.boundary,
      maxPages: options.maxPages,
      ...(options.readAheadWindow ? { readAheadWindow: options.readAheadWindow(source) } : {}),
      ...(options.mayRead ? { mayRead: options.mayRead } : {}),
    });
    return { walk, connection: source.connection };
  });
  const cursor = async (boundary: RowKey | undefined, expiresAt: number): Promise<string> =>
    deps.codec.encode({
      agentId: agent.id,
      org: request.callerOrg,
      filters: fingerprint,
      expiresAt,
      boundary,
      sources: await withCursorsKept(cursorsOf(sources.map(({ walk }) => walk)), deps.vendorCursors, expiresAt - deps.now()),
      ...(sync.state ? { sync: sync.state } : {}),
    } satisfies WalkCursor);
  return { started, resumed, sync, sources, cursor };
}

function walkKeyOf(source: AgentSource): string {
  return source.walkKey ?? source.runtime.name;
}

/** The agent's sources a request names (all of them when it names none); an unknown name is a 400. */
export function selectSources(agent: LogicalAgent, names: string[] | undefined) {
  if (!names) return agent.sources;
  const known = new Set(agent.sources.map((source) => source.runtime.name));
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new GatewayError('BAD_REQUEST', `sources: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not a source of agent ${agent.id}`);
  }
  return agent.sources.filter((source) => names.includes(source.runtime.name));
}
