import { newestFirst, sortedByPosition, type OrderPosition } from './vendor-order.js';

/**
 * Keyset pages for cursor vendors: the cursor names the last record's position, so records
 * inserted at the top never shift later pages. The cursor's field names are the vendor's.
 */

/** An opaque cursor: `value` as base64url JSON. */
export function encodeKeyset(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** The position in a cursor, read by `read`; undefined when it is not one (the vendor's 4xx). */
export function decodeKeyset(cursor: string, read: (value: Record<string, unknown>) => OrderPosition | undefined): OrderPosition | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? read(value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export interface KeysetQuery {
  after?: OrderPosition;
  limit: number;
  /** Records to pass over after the cursor. */
  skip?: number;
  ascending?: boolean;
}

export interface KeysetPage<T> {
  items: T[];
  hasMore: boolean;
  /** The last item's position, the next cursor's content when there is more. */
  next?: OrderPosition;
}

/** One page of `records` in the vendor's order, after the cursor's position. */
export function keysetPage<T>(records: readonly T[], positionOf: (record: T) => OrderPosition, query: KeysetQuery): KeysetPage<T> {
  const direction = query.ascending ? -1 : 1;
  const after = query.after;
  const sorted = sortedByPosition(records, positionOf, query.ascending);
  const rest = (after ? sorted.filter((record) => direction * newestFirst(positionOf(record), after) > 0) : sorted).slice(query.skip ?? 0);
  const items = rest.slice(0, query.limit);
  const hasMore = rest.length > items.length;
  return { items, hasMore, ...(hasMore && { next: positionOf(items[items.length - 1]!) }) };
}
