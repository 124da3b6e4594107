import type { AdapterDefinition, PagePosition, Pagination, RequestContext, TimeBound, VendorPage } from '../contract/index.js';

/** What the pagination rules read of a page: its records (counted) and the vendor's paging facts. */
export type PageFacts = Pick<VendorPage, 'nextCursor' | 'hasMore' | 'totalPages' | 'totalRecords' | 'nextBefore' | 'nextSize'> & { records: readonly unknown[] };

/** Where a walk of this adapter starts. */
export function firstPosition(adapter: Pick<AdapterDefinition, 'pagination'>): PagePosition {
  const kind = adapter.pagination.kind;
  return kind === 'page' ? { page: 1 } : kind === 'offset' ? { offset: 0 } : kind === 'cursor' ? { cursor: null } : {};
}

/**
 * Where the next page starts after `page`, or undefined when the pagination kind says the
 * walk ended: an empty page, a short page where short pages end, the last page by
 * `totalPages` (or the last record by `totalRecords`), no next cursor or the same one
 * again, no time below the last one. An offset walk goes on from the record after the last
 * one it got, however many that was.
 */
export function nextPosition(adapter: Pick<AdapterDefinition, 'pagination'>, position: PagePosition, page: PageFacts, pageSize: number): PagePosition | undefined {
  const pagination = adapter.pagination;
  // A page that held everything back (one tie filled it) is read again, larger: not an empty page.
  if (pagination.kind === 'time-window' && page.nextSize !== undefined && page.nextBefore) return { before: page.nextBefore, size: page.nextSize };
  if (pagination.kind === 'window' || page.records.length === 0) return undefined;
  if (pagination.kind === 'page') {
    const number = position.page ?? 1;
    if (pagination.shortPageEnds && page.records.length < pageSize) return undefined;
    if (page.totalPages !== undefined && number >= page.totalPages) return undefined;
    return { page: number + 1 };
  }
  if (pagination.kind === 'offset') {
    const next = (position.offset ?? 0) + page.records.length;
    if (pagination.shortPageEnds && page.records.length < pageSize) return undefined;
    if (page.totalRecords !== undefined && next >= page.totalRecords) return undefined;
    return { offset: next };
  }
  if (pagination.kind === 'time-window') {
    const before = page.nextBefore;
    if (!before || (position.before && sameBound(before, position.before))) return undefined;
    return { before };
  }
  const cursor = page.nextCursor;
  if (page.hasMore === false || typeof cursor !== 'string' || cursor === '' || cursor === position.cursor) return undefined;
  return { cursor };
}

/**
 * A vendor page as the rules read it: what the adapter parsed, and for `time-window`
 * paging the tie at the end of a full page held back (it is read whole on the next page,
 * asked for from its time on) and where the next page starts. Every reader of vendor pages
 * parses through here.
 */
export function parseVendorPage(adapter: AdapterDefinition, body: unknown, context: RequestContext): VendorPage {
  const page = adapter.parsePage(body, context);
  if (adapter.pagination.kind !== 'time-window') return page;
  return settleTimeWindow(page, context.pageSize, adapter.pagination.maxPageSize, (record) => {
    try {
      return adapter.nativeKey(record);
    } catch {
      return null;
    }
  });
}

/**
 * A full page ends inside a tie of native keys, maybe: those records are held back and the
 * next page starts at their key (inclusive). A page that is one tie only cannot be split (a
 * time window has no offset to read past part of a tie): all of it is held back and asked
 * for again in a page twice as large; only a tie larger than `maxPageSize` is sent whole,
 * the next page starting strictly below it (what is past it is lost: said in the adapter's
 * README). A short page, or a last record with no key, ends the walk.
 */
export function settleTimeWindow(page: VendorPage, pageSize: number, maxPageSize: number, nativeKey: (record: unknown) => number | null): VendorPage {
  const { records } = page;
  const lastAt = records.length === 0 ? null : nativeKey(records[records.length - 1]);
  if (records.length < pageSize || lastAt === null) return { ...page, nextBefore: null };
  let kept = records.length;
  while (kept > 0 && nativeKey(records[kept - 1]) === lastAt) kept -= 1;
  if (kept === 0 && pageSize < maxPageSize) return { ...page, records: [], nextBefore: { at: lastAt, inclusive: true }, nextSize: Math.min(maxPageSize, pageSize * 2) };
  if (kept === 0) return { ...page, nextBefore: { at: lastAt, inclusive: false } };
  return { ...page, records: records.slice(0, kept), nextBefore: { at: lastAt, inclusive: true } };
}

function sameBound(a: TimeBound, b: TimeBound): boolean {
  return a.at === b.at && a.inclusive === b.inclusive;
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
export function clampPageSize(adapter: Pick<AdapterDefinition, 'pagination'>, wanted: number): number {
  const pagination = adapter.pagination;
  if (pagination.kind === 'window') return wanted;
  return Math.min(Math.max(1, Math.floor(wanted)), pagination.maxPageSize);
}

/** The largest page the vendor allows, at most 100: fewer requests per walk. */
export function largestPageSize(pagination: Pagination): number {
  return pagination.kind === 'window' ? 0 : Math.min(100, pagination.maxPageSize);
}

/**
 * A position that counts from the top of the vendor's list (a page number or an offset):
 * rows above that change or go shift what it holds, so a walk resumed there may step back.
 */
export function countsFromTop(position: PagePosition): boolean {
  return position.page !== undefined || position.offset !== undefined;
}

/**
 * The numbered position one page of `pageSize` before this one, if there is one. Near the
 * top an offset steps back to 0 with a page of only the records above it, so no record is
 * read twice.
 */
export function previousNumbered(position: PagePosition, pageSize: number): PagePosition | undefined {
  if (position.page !== undefined) return position.page > 1 ? { page: position.page - 1 } : undefined;
  const offset = position.offset;
  if (offset === undefined || offset <= 0) return undefined;
  return offset >= pageSize ? { offset: offset - pageSize } : { offset: 0, size: offset };
}

/** One key per position, for reads in flight and read ahead. */
export function positionKey(position: PagePosition): string {
  if (position.page !== undefined) return `page:${position.page}`;
  if (position.offset !== undefined) return `offset:${position.offset}${position.size === undefined ? '' : `:${position.size}`}`;
  if (position.before !== undefined) return `before:${position.before.at}:${position.before.inclusive ? 'le' : 'lt'}:${position.size ?? ''}`;
  return `cursor:${position.cursor ?? ''}`;
}
