import type { AdapterDefinition, PagePosition, Row } from '../contract/index.js';
import type { SourceCursor } from '../cursor/walk-cursor.js';
import { matchesFilters, type ConversationFilters } from '../filters/conversation-filters.js';
import { clampPageSize, firstPosition, nextPosition, repeatsPreviousPage } from './page-positions.js';
import type { MappedPage, MappedRecord } from './mapped-page.js';
import { mergeSorted, RECORDS_PER_SLICE, yieldToEventLoop } from './slices.js';
import { BEFORE_EVERYTHING, compareKeys, earliestKeyAt, type RowKey } from './row-key.js';
import { VendorFailure } from '../upstream/vendor-failure.js';
import type { SourceRuntime } from './source-runtime.js';
import { pagesToReadAhead, WalkPageReads, type PageLogEntry, type PageReader } from './walk-page-reads.js';

export interface SourceHead {
  key: RowKey;
  /** A real, read row; otherwise a bound that must be read past before anything is sent. */
  real: boolean;
  /** A row stood at this key when the cursor was issued (so the source has more). */
  known?: boolean;
}

export interface WalkOptions {
  filters: ConversationFilters;
  /** The boundary the request started from (the cursor's last row sent): rows at or before it went out earlier. */
  startBoundary?: RowKey;
  /** Vendor page size for a walk that has no cursor yet; by default the vendor's largest, at most 100. */
  pageSize?: number;
  /** Vendor pages one source may read in one gateway request. */
  maxPages: number;
}

/**
 * A record read, and the page it was on: where a resumed walk finds its place again, by
 * its conversation id, or by its native key alone for a record that did not map (`''`).
 */
interface AnchorRow {
  position: PagePosition;
  nativeKey: number | null;
  conversationId: string;
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
  /** Unsent rows from `bufferStart` on, earliest first. */
  private buffer: BufferedRow[] = [];
  private bufferStart = 0;
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
  private previousSignature = '';
  /** The last record read in the vendor's order with a readable native key, sent or not, mapped or not. */
  private lastRecordRead: AnchorRow | undefined;
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
    this.pageSize = clampPageSize(source.adapter, resume?.pageSize ?? options.pageSize ?? largestPageSize(source.adapter));
    this.reads = new WalkPageReads(readPage, this.pageSize, options.maxPages);
    this.next = resume ? positionOf(resume) : firstPosition(source.adapter);
    this.startBoundary = options.startBoundary;
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
    const best = this.buffer[this.bufferStart];
    if (this.ended) return best ? { key: best.key, real: true } : null;
    const bound = this.frontierBound();
    if (best && compareKeys(best.key, bound) < 0) return { key: best.key, real: true };
    return { key: bound, real: false };
  }

  /** Sends the head row; only valid when `head()` is real. */
  take(): Row {
    const item = this.buffer[this.bufferStart];
    if (!item) throw new Error('take() on an empty walk');
    this.bufferStart += 1;
    if (this.bufferStart >= 1024 && this.bufferStart * 2 >= this.buffer.length) {
      this.buffer = this.buffer.slice(this.bufferStart);
      this.bufferStart = 0;
    }
    this.sent.add(item.row.id);
    return item.row;
  }

  /**
   * Reads the next vendor page (or, on a resumed page walk, the pages around its anchor).
   * `boundary` is the last row the merge sent: rows at or before it are not buffered.
   */
  async advance(boundary: RowKey | undefined): Promise<void> {
    if (this.ended || this.failure) return;
    try {
      const position = this.next;
      if (!this.materialized && this.resume?.readAhead) this.reads.readAhead(this.resume.readAhead);
      const page = await this.reads.read(position);
      const chunks = [{ position, page }];
      if (!this.materialized && this.resume?.anchor && (position.page ?? 1) > 1) {
        await this.stepBackToAnchor(chunks);
      }
      this.materialized = true;
      for (const chunk of chunks) {
        await this.consume(chunk.page, chunk.position, boundary);
        this.pageLog.push({ position: chunk.position, frontier: this.frontier });
      }
      this.findEnd(page, position);
    } catch (error) {
      this.failure = VendorFailure.from(error);
    }
  }

  /** Keys of the rows read, matching and unsent that nothing unread can precede, earliest first. */
  knownKeys(): RowKey[] {
    if (!this.materialized || this.failure) return [];
    const bound = this.ended ? undefined : this.frontierBound();
    const keys: RowKey[] = [];
    for (let index = this.bufferStart; index < this.buffer.length; index += 1) {
      const { key } = this.buffer[index]!;
      if (bound && compareKeys(key, bound) >= 0) break;
      keys.push(key);
    }
    return keys;
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
    let resumeRow: BufferedRow | undefined;
    for (let index = this.bufferStart; index < this.buffer.length; index += 1) {
      const item = this.buffer[index]!;
      if (resumeRow === undefined || item.readOrder < resumeRow.readOrder) resumeRow = item;
    }
    if (!resumeRow) return { ...cursor, ...this.resumeWithNothingUnsent() };
    const readAhead = withinCursorBudget(resumeRow.position, pagesToReadAhead(this.pageLog, resumeRow.position, head.key, this.source.lagMs));
    return {
      ...cursor,
      ...positionFields(resumeRow.position),
      anchor: { nativeKey: resumeRow.nativeKey, conversationId: resumeRow.row.conversationId },
      ...(readAhead.length > 0 ? { readAhead } : {}),
    };
  }

  /**
   * Where a source resumes when every row it read was sent (or filtered out, or did not
   * map). A keyset cursor resumes where it is. Page numbers shift when rows above go: the
   * rows after the last page read may have moved up onto it, so that page is read again
   * (with the next one, read ahead), anchored on its last record when it has one: a record
   * that did not map anchors by its native key, so rows that moved up past a page of
   * nothing mappable are found by stepping back. Never further back, so a walk through
   * pages of nothing mappable still moves on.
   */
  private resumeWithNothingUnsent(): Pick<SourceCursor, 'page' | 'vendorCursor' | 'anchor' | 'readAhead'> {
    const lastRead = this.pageLog[this.pageLog.length - 1]?.position;
    if (this.next.page === undefined || lastRead?.page === undefined) return positionFields(this.next);
    const anchor = this.lastRecordRead?.position.page === lastRead.page ? this.lastRecordRead : undefined;
    return {
      page: lastRead.page,
      ...(anchor ? { anchor: { nativeKey: anchor.nativeKey, conversationId: anchor.conversationId } } : {}),
      readAhead: [this.next],
    };
  }

  /**
   * Rows that moved up (a row above them changed or vanished) may now sit on earlier
   * pages than the resume page: step back while the expected row is missing and the
   * page starts at or after its place. Costs one request per page of shift, only on shift.
   */
  private async stepBackToAnchor(chunks: { position: PagePosition; page: MappedPage }[]): Promise<void> {
    const anchor = this.resume!.anchor!;
    let page = chunks[0]!.position.page!;
    while (page > 1) {
      const { records } = chunks[0]!.page;
      if (records.some((record) => record.row?.conversationId === anchor.conversationId)) return;
      if (records.length > 0 && nativelyBefore(records[0]!.nativeKey, anchor.nativeKey)) return;
      page -= 1;
      chunks.unshift({ position: { page }, page: await this.reads.read({ page }) });
    }
  }

  /**
   * Takes a mapped page in: its native keys move the frontier (in the vendor's order), its
   * rows (already in the gateway order) join the buffer past the start boundary, found by
   * binary search; rows between that and `boundary` were due earlier and count as out of
   * order.
   */
  private async consume(page: MappedPage, position: PagePosition, boundary: RowKey | undefined): Promise<void> {
    const { records, ordered } = page;
    const firstReadOrder = this.readOrder + 1;
    this.readOrder += records.length;
    const trackOrder = this.source.adapter.order.kind !== 'whole-window';
    for (let index = 0; index < records.length; index += 1) {
      if (index > 0 && index % RECORDS_PER_SLICE === 0) await yieldToEventLoop();
      const record = records[index]!;
      if (trackOrder) this.trackFrontier(record.nativeKey);
      if (!record.row) this.skipped += 1;
      if (record.row || record.nativeKey !== undefined) {
        this.lastRecordRead = { position, nativeKey: record.nativeKey ?? null, conversationId: record.row?.conversationId ?? '' };
      }
    }
    const arriving: BufferedRow[] = [];
    const first = this.startBoundary ? firstAfter(records, ordered, this.startBoundary) : 0;
    for (let at = first; at < ordered.length; at += 1) {
      if (at > first && (at - first) % RECORDS_PER_SLICE === 0) await yieldToEventLoop();
      const index = ordered[at]!;
      const record = records[index]!;
      const row = record.row!;
      const key = record.key!;
      if (!matchesFilters(row, this.options.filters, key.t)) continue;
      if (boundary && compareKeys(key, boundary) <= 0) {
        if (!this.sent.has(row.id)) this.outOfOrder += 1;
        continue;
      }
      if (this.seen.has(row.id)) continue;
      this.seen.add(row.id);
      arriving.push({ row, key, readOrder: firstReadOrder + index, position, nativeKey: record.nativeKey ?? null });
    }
    this.mergeIntoBuffer(arriving);
  }

  /** Both lists are in the gateway order: append when the new rows all come later, else one linear merge. */
  private mergeIntoBuffer(arriving: BufferedRow[]): void {
    if (arriving.length === 0) return;
    const last = this.buffer[this.buffer.length - 1];
    if (this.bufferStart === this.buffer.length || compareKeys(last!.key, arriving[0]!.key) < 0) {
      for (const item of arriving) this.buffer.push(item);
      return;
    }
    this.buffer = mergeSorted(this.buffer.slice(this.bufferStart), arriving, (a, b) => compareKeys(a.key, b.key));
    this.bufferStart = 0;
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
  private findEnd(page: MappedPage, position: PagePosition): void {
    if (repeatsPreviousPage(this.previousSignature, page.signature, page.ordered.length)) this.repeated = true;
    this.previousSignature = page.signature;
    const { nextCursor } = page;
    if (typeof nextCursor === 'string' && nextCursor.length > MAX_VENDOR_CURSOR_CHARS) {
      throw new VendorFailure(
        'VENDOR_BAD_RESPONSE',
        `the vendor's next cursor has ${nextCursor.length} characters; a gateway cursor carries at most ${MAX_VENDOR_CURSOR_CHARS} per source`,
      );
    }
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

/**
 * The vendor cursor text one source may put into a gateway cursor: its resume cursor and
 * the cursors of pages to read ahead together. A longer vendor cursor ends the source's walk
 * (reported on the source) rather than give the caller a cursor the gateway would refuse.
 */
export const MAX_VENDOR_CURSOR_CHARS = 1_024;

/** Pages to read ahead, as many as fit beside the resume position in the vendor-cursor budget (page numbers always fit). */
function withinCursorBudget(resume: PagePosition, ahead: PagePosition[]): PagePosition[] {
  let spent = resume.cursor?.length ?? 0;
  const kept: PagePosition[] = [];
  for (const position of ahead) {
    spent += position.cursor?.length ?? 0;
    if (spent > MAX_VENDOR_CURSOR_CHARS) break;
    kept.push(position);
  }
  return kept;
}

/** Where the rows after `key` start in a page's gateway order (binary search). */
function firstAfter(records: MappedRecord[], ordered: number[], key: RowKey): number {
  let low = 0;
  let high = ordered.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareKeys(records[ordered[middle]!]!.key!, key) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
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
