import type { PagePosition, TimeBound } from '../contract/index.js';
import type { RowKey } from '../merge/row-key.js';

/** Where one source's walk resumes; kept inside the signed cursor, compact on purpose. */
export interface SourceCursor {
  /** `page` pagination: the vendor page to read first. */
  page?: number;
  /** `offset` pagination: the offset of the page to read first. */
  offset?: number;
  /** `cursor` pagination: the vendor cursor of the page to read first (null: first page). */
  vendorCursor?: string | null;
  /** A vendor cursor too long to carry, kept by the gateway under this reference (`vendor-cursor-store.ts`). */
  vendorCursorRef?: string;
  /** `time-window` pagination: the bound of the page to read first; with it or `offset`, that page's own size when it has one. */
  before?: TimeBound;
  size?: number;
  /** Pages after that one the last request needed to prove the head in order: read them at once. */
  readAhead?: PagePosition[];
  /** The row the resumed read expects on that page: native key and conversation id. */
  anchor?: { nativeKey: number | null; conversationId: string };
  /** Vendor page size of this walk (page numbers only mean something with one size). */
  pageSize: number;
  /** Earliest key an unsent row of the source can have; null when done; absent before any read. */
  head?: RowKey | null;
  /** The head is a row that was read (not only a bound): the source surely has more. */
  headIsRow?: boolean;
  /** Rows already known (read, matching, unsent) from `head` on, and the last of them. */
  known: number;
  tail?: RowKey;
  /**
   * Known rows of all sources that come before this source's head when the cursor was
   * issued: a next page of fewer rows never reaches this source, so it is not read.
   */
  ahead?: number;
}

/** Everything a cursor carries: the walk's boundary and each source's resume point. */
export interface WalkCursor {
  agentId: string;
  org: string;
  /** `filterFingerprint` of the filters and sources the cursor was issued for. */
  filters: string;
  /** Expiry, epoch ms. */
  expiresAt: number;
  /** The last row sent: every source skips rows at or before it (absent before the first row). */
  boundary?: RowKey;
  sources: Record<string, SourceCursor>;
  /** When the walk began and, for a delta walk, its watermark: see `src/sync/walk-sync.ts`. */
  sync?: { startedAt: number; from?: number; broken?: true };
}

/** Where a source resumes: the position its cursor names (the first page when it names none). */
export function resumePosition(cursor: SourceCursor): PagePosition {
  if (cursor.page !== undefined) return { page: cursor.page };
  if (cursor.offset !== undefined) return { offset: cursor.offset, ...(cursor.size === undefined ? {} : { size: cursor.size }) };
  if (cursor.vendorCursor !== undefined) return { cursor: cursor.vendorCursor };
  if (cursor.before !== undefined) return { before: cursor.before, ...(cursor.size === undefined ? {} : { size: cursor.size }) };
  return {};
}

/** A position as a source cursor carries it. */
export function positionFields(position: PagePosition): Pick<SourceCursor, 'page' | 'offset' | 'vendorCursor' | 'before' | 'size'> {
  if (position.page !== undefined) return { page: position.page };
  if (position.offset !== undefined) return { offset: position.offset, ...(position.size === undefined ? {} : { size: position.size }) };
  if (position.cursor !== undefined) return { vendorCursor: position.cursor };
  if (position.before !== undefined) return { before: position.before, ...(position.size === undefined ? {} : { size: position.size }) };
  return {};
}
