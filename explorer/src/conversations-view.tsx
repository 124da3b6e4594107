import { useLayoutEffect, useState } from 'preact/hooks';
import type { Row } from './api-types.js';
import { conversationsPath, readConversation, readConversations } from './api.js';
import { CONVERSATION_COLUMNS } from './conversation-columns.js';
import { ExportButtons } from './export-buttons.js';
import { FaultSwitch } from './fault-switch.js';
import { FilterForm } from './filter-form.js';
import { RowDrawer } from './row-drawer.js';
import { RowTable } from './row-table.js';
import { SourceCounts } from './source-chips.js';
import { useCounts } from './use-counts.js';
import { useOpenRow } from './use-open-row.js';
import { usePagedWalk } from './use-paged-walk.js';
import { filterQuery, type Filters } from './view-state.js';

const PAGE_SIZE = '50';

/**
 * One page of the agent's list under these filters; `cursor` null is the first page. A copy
 * one vendor imported of another's conversation shows once, as its original, with a badge
 * per source (`duplicates=hide`).
 */
export function conversationPagePath(agentId: string, filters: Filters, cursor: string | null, include?: string): string {
  const query = filterQuery(filters);
  query.set('limit', PAGE_SIZE);
  query.set('duplicates', 'hide');
  if (cursor) query.set('cursor', cursor);
  if (include) query.set('include', include);
  return conversationsPath(agentId, query);
}

interface ConversationsViewProps {
  agentId: string;
  sources: string[];
  filters: Filters;
  token: string;
  onFilters(filters: Filters): void;
}

/** One agent's merged conversations: filters, the counts of the filter, the list with its per-page source chips, the drawer. */
export function ConversationsView({ agentId, sources, filters, token, onFilters }: ConversationsViewProps) {
  const query = filterQuery(filters);
  // A fault switched on or off in the sandbox reads the list again from its first page.
  const [generation, setGeneration] = useState(0);
  const key = `${token}|${agentId}|${query}|${generation}`;
  const readPage = (cursor: string | null, signal?: AbortSignal, include?: string) =>
    readConversations(conversationPagePath(agentId, filters, cursor, include), token, signal);
  const walk = usePagedWalk<Row>(readPage, key);
  const counts = useCounts(agentId, query, token, key, walk.pages.length > 0);
  const open = useOpenRow(readPage, key);
  useFirstRowsMark(walk.pages.length > 0);
  const readDetail = (row: Row, signal: AbortSignal) => readConversation(agentId, row.id, token, signal);

  return (
    <section class="view" aria-label={`Conversations of ${agentId}`}>
      <div class="toolbar">
        <FilterForm filters={filters} sources={sources} counts={counts.status === 'counted' ? counts.counts : undefined} onApply={onFilters} />
        {/* The export probe reads the OpenAPI document: not while the first rows are on their way. */}
        {walk.pages.length > 0 && <ExportButtons agentId={agentId} query={query} token={token} />}
      </div>
      <FaultSwitch token={token} sources={sources} onSwitched={() => setGeneration((value) => value + 1)} />
      <SourceCounts state={counts} />
      <RowTable label={`Conversations of ${agentId}`} walk={walk} columns={CONVERSATION_COLUMNS} noun="conversations" onOpen={open.show} />
      {open.open && <RowDrawer row={open.open.row} readRaw={open.readRaw} readDetail={readDetail} onClose={open.close} />}
    </section>
  );
}

/** Marks when the first rows reach the screen (the frame that paints them), for the browser tests' timing. */
function useFirstRowsMark(shown: boolean): void {
  useLayoutEffect(() => {
    if (shown && performance.getEntriesByName('explorer:first-rows').length === 0) {
      requestAnimationFrame(() => performance.mark('explorer:first-rows'));
    }
  }, [shown]);
}
