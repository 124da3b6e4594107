import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Row } from './api-types.js';
import { readConversations } from './api.js';
import { CONVERSATION_COLUMNS } from './conversation-columns.js';
import { ExportButtons } from './export-buttons.js';
import { FilterForm } from './filter-form.js';
import { RowDrawer } from './row-drawer.js';
import { RowTable } from './row-table.js';
import { type LoadedPage, usePagedWalk } from './use-paged-walk.js';
import { filterQuery, type Filters } from './view-state.js';

const PAGE_SIZE = '50';

interface ConversationsViewProps {
  agentId: string;
  sources: string[];
  filters: Filters;
  token: string;
  onFilters(filters: Filters): void;
}

/** One agent's merged conversations: filters, the list with its per-page source chips, the drawer. */
export function ConversationsView({ agentId, sources, filters, token, onFilters }: ConversationsViewProps) {
  const query = filterQuery(filters);
  const key = `${token}|${agentId}|${query}`;
  const readPage = (cursor: string | null, signal?: AbortSignal, include?: string) => {
    const pageQuery = new URLSearchParams(query);
    pageQuery.set('limit', PAGE_SIZE);
    if (cursor) pageQuery.set('cursor', cursor);
    if (include) pageQuery.set('include', include);
    return readConversations(agentId, pageQuery, token, signal);
  };
  const walk = usePagedWalk<Row>(readPage, key);
  const [open, setOpen] = useState<{ row: Row; page: LoadedPage<Row> } | null>(null);
  useEffect(() => setOpen(null), [key]);
  useFirstRowsMark(walk.pages.length > 0);

  // The cursor may change `include` between pages, so the same page is read again with the raw records.
  const readRaw = async (row: Row) => {
    const page = await readPage(open?.page.cursor ?? null, undefined, 'raw');
    const found = page.rows.find((candidate) => candidate.id === row.id);
    if (!found) throw new Error('the row is no longer on its page: the vendor data changed since it was read');
    return found.raw ?? null;
  };
  const close = useCallback(() => setOpen(null), []);

  return (
    <section class="view" aria-label={`Conversations of ${agentId}`}>
      <div class="toolbar">
        <FilterForm filters={filters} sources={sources} onApply={onFilters} />
        <ExportButtons agentId={agentId} query={query} token={token} />
      </div>
      <RowTable label={`Conversations of ${agentId}`} walk={walk} columns={CONVERSATION_COLUMNS} noun="conversations" onOpen={(row, page) => setOpen({ row, page })} />
      {open && <RowDrawer row={open.row} readRaw={readRaw} onClose={close} />}
    </section>
  );
}

/** Marks when the first rows reach the screen (the frame that paints them), for the browser tests' timing. */
function useFirstRowsMark(shown: boolean): void {
  useEffect(() => {
    if (shown && performance.getEntriesByName('explorer:first-rows').length === 0) {
      requestAnimationFrame(() => performance.mark('explorer:first-rows'));
    }
  }, [shown]);
}
