import type { Row, StalledRow } from './api-types.js';
import { contactOf, formatDuration, formatTime, utcTime, vendorClass } from './format.js';
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
const source: Column<Row> = { name: 'source', label: 'Source', cell: (row) => <span class={vendorClass(row.vendor)}>{row.source}</span> };
const channel: Column<Row> = { name: 'channel', label: 'Channel', cell: (row) => row.channelType };
const state: Column<Row> = { name: 'state', label: 'State', cell: (row) => <span class={`state state-${row.conversationState}`}>{row.conversationState}</span> };
const contact: Column<Row> = { name: 'contact', label: 'Contact', cell: contactOf };
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
