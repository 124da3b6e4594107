import { seedFor } from './random.js';

/** Where a record sits in a vendor's newest-first order: its time (null: never) and its id. */
export interface OrderPosition {
  at: number | null;
  id: string;
}

/**
 * Negative when `a` comes first newest first: later time first, records without a time
 * last, ties by id descending (the reverse of the gateway's, so ties are really tested).
 */
export function newestFirst(a: OrderPosition, b: OrderPosition): number {
  if (a.at !== b.at) {
    if (a.at === null) return 1;
    if (b.at === null) return -1;
    return b.at - a.at;
  }
  return a.id === b.id ? 0 : a.id > b.id ? -1 : 1;
}

/** Negative when `a` comes first oldest first: earlier time first, records without a time last, ties by id ascending. */
export function oldestFirst(a: OrderPosition, b: OrderPosition): number {
  if (a.at === null || b.at === null || a.at === b.at) return a.at === b.at ? -newestFirst(a, b) : newestFirst(a, b);
  return a.at - b.at;
}

/** Sorts a copy of `records` newest first (or oldest first with `ascending`) by their positions. */
export function sortedByPosition<T>(records: readonly T[], positionOf: (record: T) => OrderPosition, ascending = false): T[] {
  const direction = ascending ? -1 : 1;
  return [...records].sort((a, b) => direction * newestFirst(positionOf(a), positionOf(b)));
}

/** A vendor's "no particular order": a shuffle that is the same on every run, keyed by the seed's parts and each record's id. */
export function seededShuffle<T>(records: readonly T[], idOf: (record: T) => string, ...seed: (string | number)[]): T[] {
  return records
    .map((record) => ({ record, id: idOf(record), key: seedFor(...seed, 'order', idOf(record)) }))
    .sort((a, b) => a.key - b.key || a.id.localeCompare(b.id))
    .map(({ record }) => record);
}
