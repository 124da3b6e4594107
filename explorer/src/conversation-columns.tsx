import type { Agent, Row, StalledRow } from './api-types.js';
import { contactOf, formatDuration, formatTime, utcTime, vendorClass } from './format.js';
import { PersonLink } from './person-link.js';
import type { Column } from './row-table.js';

const time: Column<Row> = {
  name: 'time',
  label: 'Last activity',
  cell: (row) => (
    <time dateTime={row.lastActivityAt ?? undefined} title={utcTime(row.lastActivityAt)}>
      {formatTime(row.lastActivityAt)}
    </time>
  ),
};
/** The row's source, then one badge per source holding the same conversation (a copy and its original). */
const source: Column<Row> = {
  name: 'source',
  label: 'Source',
  cell: (row) => (
    <span class="sources">
      <span class={vendorClass(row.vendor)}>{row.source}</span>
      {row.linkedIds.map((id) => (
        <span key={id} class="badge linked" data-linked-id={id} title={`The same conversation on ${sourceOf(id)}: ${id}`}>
          {sourceOf(id)}
        </span>
      ))}
    </span>
  ),
};
/** A row id is `<source>:<vendor conversation id>`. */
const sourceOf = (rowId: string) => rowId.slice(0, rowId.indexOf(':'));
const channel: Column<Row> = { name: 'channel', label: 'Channel', cell: (row) => row.channelType };
const state: Column<Row> = { name: 'state', label: 'State', cell: (row) => <span class={`state state-${row.conversationState}`}>{row.conversationState}</span> };
/** A contact with a contactKey links to everything with that person. */
const contact: Column<Row> = {
  name: 'contact',
  label: 'Contact',
  cell: (row) =>
    row.contactKey ? (
      <PersonLink contactKey={row.contactKey} tabIndex={-1}>
        {contactOf(row)}
      </PersonLink>
    ) : (
      contactOf(row)
    ),
};
const preview: Column<Row> = { name: 'preview', label: 'Preview', cell: (row) => row.lastMessagePreview ?? '—' };
const duration: Column<Row> = { name: 'duration', label: 'Duration', cell: (row) => formatDuration(row.durationSec) };

export const CONVERSATION_COLUMNS: Column<Row>[] = [time, source, channel, state, contact, preview, duration];

export const STALLED_COLUMNS: Column<StalledRow>[] = [
  { name: 'waiting', label: 'Waiting', cell: (row) => (row.waitingMinutes === null ? 'unknown' : formatDuration(row.waitingMinutes * 60)) },
  { name: 'category', label: 'Category', cell: (row) => row.category.replace('_', ' ') },
  source,
  channel,
  state,
  contact,
  preview,
];

/** Everything with one person: the agents each row belongs to stand where the (same) contact would. */
export function personColumns(agentsOf: (row: Row) => Agent[] | undefined): Column<Row>[] {
  const agents: Column<Row> = {
    name: 'agent',
    label: 'Agent',
    cell: (row) => {
      const found = agentsOf(row);
      if (!found) return '…';
      return <span data-agents={found.map((agent) => agent.id).join(',')}>{found.map((agent) => agent.name).join(', ')}</span>;
    },
  };
  return [time, agents, source, channel, state, preview, duration];
}
