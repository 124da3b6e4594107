import type { Row } from '../contract/index.js';

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
] as const;

/** `raw` (the vendor's record as JSON) is the last column, only with `include=raw`. */
export function csvColumns(includeRaw: boolean): readonly string[] {
  return includeRaw ? [...CSV_COLUMNS, 'raw'] : CSV_COLUMNS;
}

export function csvCells(row: Row, includeRaw: boolean): Cell[] {
  const cells: Cell[] = CSV_COLUMNS.map((column) => {
    if (column === 'tags' || column === 'assignees') return joinList(row[column]);
    if (column === 'costAmount') return row.cost?.amount ?? null;
    if (column === 'costCurrency') return row.cost?.currency ?? null;
    return row[column];
  });
  if (includeRaw) cells.push(row.raw === undefined ? null : JSON.stringify(row.raw));
  return cells;
}

/** `a;b`: a `;` or `\` inside an item is escaped with a backslash, so the list splits back exactly. */
function joinList(items: readonly string[]): string {
  return items.map((item) => item.replace(/[\\;]/g, (character) => `\\${character}`)).join(';');
}
