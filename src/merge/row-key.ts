import type { Row } from '../contract/index.js';

/**
 * A row's place in the gateway's total order: `lastActivityAt` descending, then `id`
 * ascending (JavaScript string order); rows with no `lastActivityAt` come last.
 */
export interface RowKey {
  /** `lastActivityAt` in epoch ms, null when unknown. */
  t: number | null;
  id: string;
}

/** Negative when `a` comes first in the gateway order. */
export function compareKeys(a: RowKey, b: RowKey): number {
  if (a.t !== b.t) {
    if (a.t === null) return 1;
    if (b.t === null) return -1;
    return b.t - a.t;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function keyOfRow(row: Pick<Row, 'id' | 'lastActivityAt'>): RowKey {
  return { t: row.lastActivityAt === null ? null : Date.parse(row.lastActivityAt), id: row.id };
}

/** The earliest key a row with this timestamp can have (no id sorts before ''). */
export function earliestKeyAt(t: number | null): RowKey {
  return { t, id: '' };
}

/** Before every key: a source that has not been read yet may hold anything. */
export const BEFORE_EVERYTHING: RowKey = { t: Number.POSITIVE_INFINITY, id: '' };

export function sortRows<T extends { key: RowKey }>(items: T[]): T[] {
  return items.sort((a, b) => compareKeys(a.key, b.key));
}
