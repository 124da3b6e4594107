import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { Agent, Row } from './api-types.js';
import { contactSearchPath, readConversation, readConversations } from './api.js';
import { personColumns } from './conversation-columns.js';
import { RowDrawer } from './row-drawer.js';
import { RowTable } from './row-table.js';
import { useOpenRow } from './use-open-row.js';
import { usePagedWalk } from './use-paged-walk.js';

const PAGE_SIZE = '50';

/** One page of the contact search for this contactKey; `cursor` null is the first page. */
export function personPagePath(contactKey: string, cursor: string | null, include?: string): string {
  const query = new URLSearchParams({ contactKey, limit: PAGE_SIZE });
  if (cursor) query.set('cursor', cursor);
  if (include) query.set('include', include);
  return contactSearchPath(query);
}

/** A row's source is one binding (connection and vendor agent); the agents list says whose it is. */
function agentsByBinding(agents: Agent[]): Map<string, Agent[]> {
  const byBinding = new Map<string, Agent[]>();
  for (const agent of agents) {
    for (const source of agent.sources) {
      const key = `${source.source}\n${source.vendorAgentId}`;
      byBinding.set(key, [...(byBinding.get(key) ?? []), agent]);
    }
  }
  return byBinding;
}

interface PersonViewProps {
  contactKey: string;
  token: string;
  /** The agents the token may read; undefined while they load. */
  agents: Agent[] | undefined;
}

/**
 * Everything with one person: the contact search's merged rows across every agent the
 * token may read, page by page as the list scrolls, each page with its sources' chips, each
 * row with the agents it belongs to.
 */
export function PersonView({ contactKey, token, agents }: PersonViewProps) {
  const key = `${token}|${contactKey}`;
  const readPage = (cursor: string | null, signal?: AbortSignal, include?: string) => readConversations(personPagePath(contactKey, cursor, include), token, signal);
  const walk = usePagedWalk<Row>(readPage, key);
  const open = useOpenRow(readPage, key);
  const byBinding = useMemo(() => (agents ? agentsByBinding(agents) : undefined), [agents]);
  const agentsOf = (row: Row) => byBinding && (byBinding.get(`${row.source}\n${row.vendorAgentId}`) ?? []);
  const columns = useMemo(() => personColumns(agentsOf), [byBinding]);
  const heading = useRef<HTMLHeadingElement>(null);
  // Focus moves to the new view's heading, so a keyboard user who followed a link starts here.
  useEffect(() => heading.current?.focus(), [contactKey]);

  const firstAgent = open.open && agentsOf(open.open.row)?.[0];
  const readDetail = firstAgent ? (row: Row, signal: AbortSignal) => readConversation(firstAgent.id, row.id, token, signal) : undefined;
  const named = walk.pages.flatMap((page) => page.rows).find((row) => row.contactName)?.contactName;

  return (
    <section class="view person" aria-label={`Everything with ${contactKey}`}>
      <h2 class="person-head" ref={heading} tabIndex={-1}>
        Everything with {named ? `${named} · ` : ''}
        <span class="contact-key">{contactKey}</span>
      </h2>
      <p class="hint">
        Every conversation with this contact, across every agent you may read and every vendor, in one order. No vendor filters by contact, so the
        gateway reads each source and keeps this person's rows: a page may end early when its vendor-call budget is spent, and scrolling goes on from
        there.
      </p>
      <RowTable label={`Conversations with ${contactKey}`} walk={walk} columns={columns} noun="conversations with this person" onOpen={open.show} />
      {open.open && <RowDrawer row={open.open.row} readRaw={open.readRaw} readDetail={readDetail} onClose={open.close} />}
    </section>
  );
}
