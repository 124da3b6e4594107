import type { Message } from '../contract/index.js';
import type { ExportRow } from './row-source.js';

type Cell = string | number | boolean | null;

/** The CSV export's columns, in order; nested fields are flattened. */
export const CSV_COLUMNS = [
  'id',
  'source',
  'vendor',
  'vendorAgentId',
  'conversationId',
  'contactId',
  'contactName',
  'contactEmail',
  'contactPhone',
  'contactPhoneFormat',
  'contactKey',
  'channelType',
  'conversationState',
  'startedAt',
  'endedAt',
  'lastActivityAt',
  'lastMessagePreview',
  'messageCount',
  'durationSec',
  'summary',
  'successful',
  'rating',
  'tags',
  'assignees',
  'costAmount',
  'costCurrency',
  'language',
  'direction',
  'hasAccess',
  'originalId',
  'linkedIds',
] as const;

/** What an export adds to each line: `raw` (the vendor's record), `transcript` (what was said). */
export interface ExportIncludes {
  raw: boolean;
  transcript: boolean;
}

/**
 * With `include=transcript`, `transcriptStatus` (ok, unsupported, unavailable, error) and
 * `transcript` (one `role: text` line per message); with `include=raw`, `raw` (the vendor's
 * record as JSON) is the last column.
 */
export function csvColumns(include: ExportIncludes): readonly string[] {
  return [...CSV_COLUMNS, ...(include.transcript ? ['transcriptStatus', 'transcript'] : []), ...(include.raw ? ['raw'] : [])];
}

export function csvCells(row: ExportRow, include: ExportIncludes): Cell[] {
  const cells: Cell[] = CSV_COLUMNS.map((column) => {
    if (column === 'tags' || column === 'assignees' || column === 'linkedIds') return joinList(row[column]);
    if (column === 'costAmount') return row.cost?.amount ?? null;
    if (column === 'costCurrency') return row.cost?.currency ?? null;
    return row[column];
  });
  if (include.transcript) cells.push(row.transcript?.status ?? null, row.messages ? transcriptText(row.messages) : null);
  if (include.raw) cells.push(row.raw === undefined ? null : JSON.stringify(row.raw));
  return cells;
}

/** `agent: Hello`, one line per message; a tool call as `tool: name(arguments) → result`. */
function transcriptText(messages: readonly Message[]): string {
  return messages
    .map((message) => {
      const call = message.toolCall;
      const said = call ? `${call.name}(${JSON.stringify(call.arguments)}) → ${JSON.stringify(call.result)}` : message.text;
      return `${message.role}: ${said.replace(/\r?\n/g, ' ')}`;
    })
    .join('\n');
}

/** `a;b`: a `;` or `\` inside an item is escaped with a backslash, so the list splits back exactly. */
function joinList(items: readonly string[]): string {
  return items.map((item) => item.replace(/[\\;]/g, (character) => `\\${character}`)).join(';');
}
