import type { AdapterDefinition, PagePosition, Row, SourceBinding, VendorPage } from '../contract/index.js';
import type { SourceCursor } from '../cursor/walk-cursor.js';
import { matchesFilters, type ConversationFilters } from '../filters/conversation-filters.js';
import { firstPosition, nextPosition } from './page-positions.js';
import { readRecords, type ReadRecord } from './read-records.js';
import { BEFORE_EVERYTHING, compareKeys, earliestKeyAt, type RowKey } from './row-key.js';
import { VendorFailure } from '../upstream/vendor-failure.js';
import { pagesToReadAhead, WalkPageReads, type PageLogEntry } from './walk-page-reads.js';

/** One configured source of a logical agent, resolved from the config. */
export interface SourceRuntime {
  /** Connection name: the row's `source`. */
  name: string;
  adapter: AdapterDefinition;
  binding: SourceBinding;
  /** How far a row's last activity may trail its native key, in ms (bounded-lag order). */
  lagMs: number;
}

export interface SourceHead {
  key: RowKey;
  /** A real, read row; otherwise a bound that must be read past before anything is sent. */
  real: boolean;
  /** A row stood at this key when the cursor was issued (so the source has more). */
  known?: boolean;
}

/** Reads one vendor page at a position; throws `VendorFailure` on any vendor failure. */
export type PageReader = (position: PagePosition, pageSize: number) => Promise<VendorPage>;

export interface WalkOptions {
  filters: ConversationFilters;
  /** The walk's boundary as the merge moves it: rows at or before it were sent. */
  boundary: { key: RowKey | undefined };
  /** Vendor page size for a walk that has no cursor yet; by default the vendor's largest, at most 100. */
  pageSize?: number;
  /** Vendor pages one source may read in one gateway request. */
  maxPages: number;
}

interface BufferedRow {
  row: Row;
  key: RowKey;
  readOrder: number;
  position: PagePosition;
  nativeKey: number | null;
}

/**
 * A lazy stream of one source's rows in the gateway order. Rows are buffered until the
 * vendor's native order proves nothing unread can come before them; the
 * walk ends on the pagination kind's stop rules, a repeated page or cursor, the page cap
 * or the `since` bound, and it resumes from a `SourceCursor`.
 */
export class SourceWalk {
  /** Unsent rows, earliest first. */
  private buffer: BufferedRow[] = [];
  /** Smallest native key read so far: undefined before any read, null once in the null tail. */
  private frontier: number | null | undefined;
  private ended = false;
  private materialized = false;
  private failure: VendorFailure | undefined;
  private next: PagePosition;
  private readonly pageSize: number;
  private readOrder = 0;
  private readonly reads: WalkPageReads;
  private readonly pageLog: PageLogEntry[] = [];
  private readonly seen = new Set<string>();
  private readonly sent = new Set<string>();
  private readonly vendorCursors = new Set<string>();
  private previousPageIds = '';
  private readonly startBoundary: RowKey | undefined;
  /** Records that failed mapping. */
  skipped = 0;
  /** Rows the vendor returned after the walk had passed their place: its order broke. */
  outOfOrder = 0;
  /** The vendor repeated a page or a cursor; the walk was ended there. */
  repeated = false;

  constructor(
    readonly source: SourceRuntime,
    private readonly resume: SourceCursor | undefined,
    readPage: PageReader,
    private readonly options: WalkOptions,
  ) {
    this.pageSize = resume?.pageSize ?? options.pageSize ?? largestPageSize(source.adapter);
    this.reads = new WalkPageReads(readPage, this.pageSize, options.maxPages);
    this.next = resume ? positionOf(resume) : firstPosition(source.adapter);
    this.startBoundary = options.boundary.key;
  }

  get failed(): VendorFailure | undefined {
    return this.failure;
  }

  get isMaterialized(): boolean {
    return this.materialized;
  }

  /** The earliest key this source may still send; null when it has nothing more. */
  head(): SourceHead | null {
    if (this.failure) return null;
    if (!this.materialized) {
      if (!this.resume || this.resume.head === undefined) return { key: BEFORE_EVERYTHING, real: false };
      return this.resume.head === null ? null : { key: this.resume.head, real: false, known: this.resume.headIsRow === true };
    }
    const best = this.buffer[0];
    if (this.ended) return best ? { key: best.key, real: true } : null;
    const bound = this.frontierBound();
    if (best && compareKeys(best.key, bound) < 0) return { key: best.key, real: true };
    return { key: bound, real: false };
  }

  /** Sends the head row; only valid when `head()` is real. */
  take(): Row {
    const item = this.buffer.shift();
    if (!item) throw new Error('take() on an empty walk');
    this.sent.add(item.row.id);
    return item.row;
  }

  /** Reads the next vendor page (or, on a resumed page walk, the pages around its anchor). */
  async advance(): Promise<void> {
    if (this.ended || this.failure) return;
    try {
      const position = this.next;
      if (!this.materialized && this.resume?.readAhead) this.reads.readAhead(this.resume.readAhead);
      const page = await this.reads.read(position);
      const chunks = [{ position, records: readRecords(this.source, page.records) }];
      if (!this.materialized && this.resume?.anchor && (position.page ?? 1) > 1) {
        await this.stepBackToAnchor(chunks);
      }
      this.materialized = true;
      for (const chunk of chunks) {
        this.consume(chunk.records, chunk.position);
        this.pageLog.push({ position: chunk.position, frontier: this.frontier });
      }
      this.findEnd(page, position, chunks[chunks.length - 1]!.records);
    } catch (error) {
      this.failure = VendorFailure.from(error);
    }
  }

  /** Keys of the rows read, matching and unsent that nothing unread can precede, earliest first. */
  knownKeys(): RowKey[] {
    if (!this.materialized || this.failure) return [];
    const bound = this.ended ? undefined : this.frontierBound();
    return this.buffer.filter((item) => !bound || compareKeys(item.key, bound) < 0).map((item) => item.key);
  }

  /** Where the next request resumes this source. */
  toCursor(): SourceCursor {
    if (!this.materialized || this.failure) {
      return this.resume ?? { ...positionFields(firstPosition(this.source.adapter)), pageSize: this.pageSize, known: 0 };
    }
    const head = this.head();
    if (head === null) return { pageSize: this.pageSize, head: null, known: 0 };
    const known = this.knownKeys();
    const cursor: SourceCursor = {
      pageSize: this.pageSize,
      head: head.key,
      headIsRow: head.real,
      known: known.length,
      tail: known[known.length - 1],
    };
    if (this.source.adapter.pagination.kind === 'window') return cursor;
    const resumeRow = this.buffer.reduce<BufferedRow | undefined>(
      (earliest, item) => (earliest === undefined || item.readOrder < earliest.readOrder ? item : earliest),
      undefined,
    );
    if (!resumeRow) return { ...cursor, ...positionFields(this.next) };
    const readAhead = pagesToReadAhead(this.pageLog, resumeRow.position, head.key, this.source.lagMs);
    return {
      ...cursor,
      ...positionFields(resumeRow.position),
      anchor: { nativeKey: resumeRow.nativeKey, conversationId: resumeRow.row.conversationId },
      ...(readAhead.length > 0 ? { readAhead } : {}),
    };
  }

  /**
   * Rows that moved up (a row above them changed or vanished) may now sit on earlier
   * pages than the resume page: step back while the expected row is missing and the
   * page starts at or after its place. Costs one request per page of shift, only on shift.
   */
  private async stepBackToAnchor(chunks: { position: PagePosition; records: ReadRecord[] }[]): Promise<void> {
    const anchor = this.resume!.anchor!;
    let page = chunks[0]!.position.page!;
    while (page > 1) {
      const records = chunks[0]!.records;
      if (records.some((record) => record.row?.conversationId === anchor.conversationId)) return;
      if (records.length > 0 && nativelyBefore(records[0]!.nativeKey, anchor.nativeKey)) return;
      page -= 1;
      const earlier = await this.reads.read({ page });
      chunks.unshift({ position: { page }, records: readRecords(this.source, earlier.records) });
    }
  }

  private consume(records: ReadRecord[], position: PagePosition): void {
    for (const record of records) {
      this.readOrder += 1;
      if (this.source.adapter.order.kind !== 'whole-window') this.trackFrontier(record.nativeKey);
      const { row } = record;
      if (!row) {
        this.skipped += 1;
        continue;
      }
      const key = { t: record.lastActivityMs, id: row.id };
      if (!matchesFilters(row, this.options.filters, key.t)) continue;
      const boundary = this.options.boundary.key;
      if (boundary && compareKeys(key, boundary) <= 0) {
        const resent = this.startBoundary && compareKeys(key, this.startBoundary) <= 0;
        if (!resent && !this.sent.has(row.id)) this.outOfOrder += 1;
        continue;
      }
      if (this.seen.has(row.id)) continue;
      this.seen.add(row.id);
      insertSorted(this.buffer, { row, key, readOrder: this.readOrder, position, nativeKey: record.nativeKey ?? null });
    }
  }

  private trackFrontier(nativeKey: number | null | undefined): void {
    if (nativeKey === undefined) return;
    if (this.frontier === undefined || nativeKey === null) {
      if (this.frontier === undefined || this.frontier !== null) this.frontier = nativeKey;
      return;
    }
    if (this.frontier === null || nativeKey > this.frontier) {
      this.outOfOrder += 1;
      return;
    }
    this.frontier = nativeKey;
  }

  private frontierBound(): RowKey {
    if (this.frontier === undefined) return BEFORE_EVERYTHING;
    if (this.frontier === null) return earliestKeyAt(null);
    return earliestKeyAt(this.frontier + this.source.lagMs);
  }

  /** The pagination kind's stop rules, plus a repeated page or cursor and the `since` bound. */
  private findEnd(page: VendorPage, position: PagePosition, records: ReadRecord[]): void {
    const pageIds = records.map((record) => record.row?.id ?? '?').join('\n');
    if (records.length > 0 && pageIds === this.previousPageIds) this.repeated = true;
    this.previousPageIds = pageIds;
    const { nextCursor } = page;
    if (this.source.adapter.pagination.kind === 'cursor' && typeof nextCursor === 'string') {
      if (position.cursor) this.vendorCursors.add(position.cursor);
      if (this.vendorCursors.has(nextCursor)) this.repeated = true;
      this.vendorCursors.add(nextCursor);
    }
    const following = this.repeated ? undefined : nextPosition(this.source.adapter, position, page, this.pageSize);
    if (following) this.next = following;
    this.ended = following === undefined || this.pastTimeBounds();
  }

  /** Nothing unread can match `since` (or any time bound, once in the null tail). */
  private pastTimeBounds(): boolean {
    const { since, until } = this.options.filters;
    if (this.frontier === null) return since !== undefined || until !== undefined;
    return since !== undefined && this.frontier !== undefined && this.frontier + this.source.lagMs < since;
  }
}

function insertSorted(buffer: BufferedRow[], item: BufferedRow): void {
  let low = 0;
  let high = buffer.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareKeys(buffer[middle]!.key, item.key) < 0) low = middle + 1;
    else high = middle;
  }
  buffer.splice(low, 0, item);
}

/** Native order is descending with nulls last: is `a` strictly before `b`? */
function nativelyBefore(a: number | null | undefined, b: number | null): boolean {
  if (a === undefined || a === null) return false;
  return b === null || a > b;
}

/** The largest page the vendor allows, at most 100: fewer requests per walk. */
function largestPageSize(adapter: AdapterDefinition): number {
  return adapter.pagination.kind === 'window' ? 0 : Math.min(100, adapter.pagination.maxPageSize);
}

function positionOf(cursor: SourceCursor): PagePosition {
  if (cursor.page !== undefined) return { page: cursor.page };
  if (cursor.vendorCursor !== undefined) return { cursor: cursor.vendorCursor };
  return {};
}

function positionFields(position: PagePosition): Pick<SourceCursor, 'page' | 'vendorCursor'> {
  if (position.page !== undefined) return { page: position.page };
  if (position.cursor !== undefined) return { vendorCursor: position.cursor };
  return {};
}
