import type { AdapterDefinition, PagePosition, VendorPage } from '../contract/index.js';

/** Where a walk of this adapter starts. */
export function firstPosition(adapter: AdapterDefinition): PagePosition {
  const kind = adapter.pagination.kind;
  return kind === 'page' ? { page: 1 } : kind === 'cursor' ? { cursor: null } : {};
}

/**
 * Where the next page starts after `page`, or undefined when the pagination kind says the
 * walk ended: an empty page, a short page where short pages end, the last page by
 * `totalPages`, no next cursor or the same one again. The walk, the recorder and the
 * fixture replay all page by these rules.
 */
export function nextPosition(adapter: Pick<AdapterDefinition, 'pagination'>, position: PagePosition, page: VendorPage, pageSize: number): PagePosition | undefined {
  const pagination = adapter.pagination;
  if (pagination.kind === 'window' || page.records.length === 0) return undefined;
  if (pagination.kind === 'page') {
    const number = position.page ?? 1;
    if (pagination.shortPageEnds && page.records.length < pageSize) return undefined;
    if (page.totalPages !== undefined && number >= page.totalPages) return undefined;
    return { page: number + 1 };
  }
  const cursor = page.nextCursor;
  if (page.hasMore === false || typeof cursor !== 'string' || cursor === '' || cursor === position.cursor) return undefined;
  return { cursor };
}

/**
 * The vendor sent the previous page again: its rows' ids (its signature) are the same. A
 * page of nothing but records that did not map is no evidence, since all such pages look
 * alike (the page cap bounds them).
 */
export function repeatsPreviousPage(previousSignature: string, signature: string, rowsOnPage: number): boolean {
  return rowsOnPage > 0 && signature === previousSignature;
}

/**
 * The vendor page size a walk asks for: what it wants, within 1 and the adapter's declared
 * `maxPageSize`. Applied here once, so adapters send `pageSize` as it comes.
 */
export function clampPageSize(adapter: AdapterDefinition, wanted: number): number {
  const pagination = adapter.pagination;
  if (pagination.kind === 'window') return wanted;
  return Math.min(Math.max(1, Math.floor(wanted)), pagination.maxPageSize);
}
