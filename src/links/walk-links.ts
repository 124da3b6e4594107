import type { Row } from '../contract/index.js';
import type { LogicalAgent } from '../agents/agent-directory.js';
import { GatewayError } from '../errors.js';
import { matchesFilters, type ConversationFilters } from '../filters/conversation-filters.js';
import { compareKeys, keyOfRow } from '../merge/row-key.js';
import type { SourceWalk } from '../merge/source-walk.js';
import type { ReadContext } from '../upstream/read-context.js';
import type { LinkLookups } from './link-lookups.js';
import { RowLinks, type DuplicatesMode, type RowVerdict } from './row-links.js';

export interface WalkLinksRequest {
  agent: LogicalAgent;
  filters: ConversationFilters;
  /** Connection names the walk reads; every source of the agent when absent. */
  sources?: string[];
  duplicates?: DuplicatesMode;
  syncToken?: string;
}

/**
 * The links of a walk's rows, or undefined when it asks for none (`show`) or the agent binds
 * no vendor that imports another's conversations together with that vendor. A delta walk
 * (`syncToken`) holds only what changed: a copy's original may not be among its rows, so it
 * cannot hide copies (400).
 */
export function walkLinks(lookups: LinkLookups | undefined, request: WalkLinksRequest, contextOf: () => ReadContext): RowLinks | undefined {
  const mode = request.duplicates ?? 'show';
  if (mode === 'hide' && request.syncToken !== undefined) {
    throw new GatewayError(
      'BAD_REQUEST',
      "duplicates=hide does not combine with syncToken: a delta walk holds only the rows that changed, and a copy's original may not be among them; use duplicates=link",
    );
  }
  if (mode === 'show' || !lookups || !RowLinks.possible(request.agent)) return undefined;
  const read = new Set(request.sources ?? request.agent.sources.map((source) => source.runtime.name));
  const inWalk = (row: Row) => read.has(row.source) && matchesFilters(row, request.filters, keyOfRow(row).t);
  return new RowLinks(request.agent, mode, lookups, contextOf, inWalk);
}

/**
 * Before a row not looked up yet is answered for, starts the lookups of the next `count`
 * rows the walks hold, in the gateway order, so they run together.
 */
export function lookAhead(links: RowLinks, walks: readonly SourceWalk[], count: number, row: Row): void {
  if (links.asked(row)) return;
  links.sourcesDown(walks.filter((walk) => walk.failed).map((walk) => walk.source.name));
  const read = walks.flatMap((walk) => walk.upcoming(Number.POSITIVE_INFINITY));
  links.see(read);
  links.prefetch(inGatewayOrder(read).slice(0, count));
}

/** A page's verdict on each row, looking ahead as far as the rows it still wants. */
export function judgingAhead(links: RowLinks, walks: readonly SourceWalk[]): (row: Row, wanted: number) => Promise<RowVerdict> {
  return (row, wanted) => {
    lookAhead(links, walks, wanted, row);
    return links.verdict(row);
  };
}

/** Rows in the gateway order. */
function inGatewayOrder(rows: Row[]): Row[] {
  return rows
    .map((row) => ({ row, key: keyOfRow(row) }))
    .sort((a, b) => compareKeys(a.key, b.key))
    .map(({ row }) => row);
}
