/** Page-numbered reads, as page vendors serve them: the query read as an Express handler reads it, then one slice. */

/** parseInt semantics, as an Express handler reads a query string. */
function integerOr(value: string | null, fallback: number): number {
  const number = Number.parseInt(value ?? '', 10);
  return Number.isNaN(number) ? fallback : number;
}

/** `page` (below 1 reads 1) and `limit` (clamped to [1, maxLimit]) read with parseInt, as an Express handler reads them. */
export function readPageQuery(query: URLSearchParams, defaultLimit: number, maxLimit: number): { page: number; limit: number } {
  const limit = Math.min(Math.max(integerOr(query.get('limit'), defaultLimit), 1), maxLimit);
  return { page: Math.max(1, integerOr(query.get('page'), 1)), limit };
}

/** Page `page` (from 1) of `limit` records; a page below 1 reads as 1, a limit below 0 as 0. */
export function offsetPage<T>(records: readonly T[], page: number, limit: number): T[] {
  const size = Math.max(0, limit);
  const first = (Math.max(1, page) - 1) * size;
  return records.slice(first, first + size);
}

/** The `{ page, limit, total, totalPages }` block page vendors send beside their rows. */
export function pageCounts(page: number, limit: number, total: number): { page: number; limit: number; total: number; totalPages: number } {
  return { page, limit, total, totalPages: Math.ceil(total / limit) };
}
