import type { PagePosition, Row } from '../contract/index.js';
import { MAX_VENDOR_CURSOR_CHARS } from '../cursor/vendor-cursor-store.js';
import { positionFields, resumePosition, type SourceCursor } from '../cursor/walk-cursor.js';
import { matchesFilters, type ConversationFilters } from '../filters/conversation-filters.js';
import { clampPageSize, countsFromTop, firstPosition, largestPageSize, positionKey } from '../paging/page-positions.js';
import { paginate, type PageStep } from '../paging/paginator.js';
import type { MappedPage, MappedRecord } from './mapped-page.js';
import { RECORDS_PER_SLICE, yieldToEventLoop } from './slices.js';
import { UnsentRows, type UnsentRow } from './unsent-rows.js';
import { BEFORE_EVERYTHING, compareKeys, earliestKeyAt, type RowKey } from './row-key.js';
import { VendorFailure } from '../upstream/vendor-failure.js';
import type { SourceRuntime } from './source-runtime.js';
import { pagesToReadAhead, type PageLogEntry } from './pages-to-read-ahead.js';
import { NO_USAGE, withRead, type PageReader, type SourceUsage } from './source-usage.js';

export interface SourceHead {
  key: RowKey;
  /** A real, read row; otherwise a bound that must be read past before anything is sent. */
  real: boolean;
  /** A row stood at this key when the cursor was issued (so the source has more). */
  known?: boolean;
}

export interface WalkOptions {
  filters: ConversationFilters;
  /** Where the cursor keeps this walk's resume point; the source's name by default. */
  key?: string;
  /** The boundary the request started from (the cursor's last row sent): rows at or before it went out earlier. */
  startBoundary?: RowKey;
  /** Vendor page size for a walk that has no cursor yet; by default the vendor's largest, at most 100. */
  pageSize?: number;
  /** Vendor pages one source may read in one gateway request. */
  maxPages: number;
  /** Vendor pages read ahead of the walk, at most (an export's); none by default. */
  readAheadWindow?: number;
  /** False once no read may start (the request's calls spent, its caller gone): nothing more is read ahead. */
  mayRead?(): boolean;
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

/**
 * A lazy stream of one source's rows in the gateway order, read page by page through the
 * paginator. Rows are buffered until the vendor's native order proves nothing unread can
 * come before them; the walk ends on the paginator's stop rules or the `since` bound, and
 * it resumes from a `SourceCursor`.
 */
export class SourceWalk {
  private readonly unsent = new UnsentRows();
  /** Smallest native key read so far: undefined before any read, null once in the null tail. */
  private frontier: number | null | undefined;
  private ended = false;
  private materialized = false;
  private failure: VendorFailure | undefined;
  private next: PagePosition;
  private readonly pageSize: number;
  private readOrder = 0;
  private pages: AsyncGenerator<PageStep<MappedPage>, void, undefined> | undefined;
  private readonly pageLog: PageLogEntry[] = [];
  private readonly seen = new Set<string>();
  private readonly sent = new Set<string>();
  /** The last record read in the vendor's order with a readable native key, sent or not, mapped or not. */
  private lastRecordRead: AnchorRow | undefined;
  private readonly startBoundary: RowKey | undefined;
  private skippedRecords = 0;
  private outOfOrderRows = 0;
  private repeatedPage = false;
  private usageSoFar: SourceUsage = NO_USAGE;
  private moves = 0;
  /** Where the cursor keeps this walk's resume point. */
  readonly key: string;

  constructor(
    readonly source: SourceRuntime,
    private readonly resume: SourceCursor | undefined,
    private readonly readPage: PageReader,
    private readonly options: WalkOptions,
  ) {
    this.pageSize = clampPageSize(source.adapter, resume?.pageSize ?? options.pageSize ?? largestPageSize(source.adapter.pagination));
    this.next = resume ? resumePosition(resume) : firstPosition(source.adapter);
    this.startBoundary = options.startBoundary;
    this.key = options.key ?? source.name;
  }

  get failed(): VendorFailure | undefined {
    return this.failure;
  }

  /** Records that failed mapping. */
  get skipped(): number {
    return this.skippedRecords;
  }

  /** Rows the vendor returned after the walk had passed their place: its order broke. */
  get outOfOrder(): number {
    return this.outOfOrderRows;
  }

  /** The vendor repeated a page or a cursor; the walk was ended there. */
  get repeated(): boolean {
    return this.repeatedPage;
  }

  /** What this walk's reads cost so far, failed ones included. */
  get usage(): SourceUsage {
    return this.usageSoFar;
  }

  /** Advances that moved the walk (a page taken in, its end found, a failure): one that did not made no progress. */
  get steps(): number {
    return this.moves;
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
    const best = this.unsent.first();
    if (this.ended) return best ? { key: best.key, real: true } : null;
    const bound = this.frontierBound();
    if (best && compareKeys(best.key, bound) < 0) return { key: best.key, real: true };
    return { key: bound, real: false };
  }

  /** The head row without sending it; only valid when `head()` is real. */
  peek(): Row | undefined {
    return this.unsent.first()?.row;
  }

  /** The next `count` rows read and not sent, earliest first: they go out in this order, whatever is read later. */
  upcoming(count: number): Row[] {
    return this.failure ? [] : this.unsent.firstRows(count);
  }

  /** Sends the head row; only valid when `head()` is real. */
  take(): Row {
    const item = this.unsent.shift();
    if (!item) throw new Error('take() on an empty walk');
    this.sent.add(item.row.id);
    return item.row;
  }

  /**
   * Takes the next vendor page from the paginator (on a resumed page walk, the pages
   * around its anchor first). `boundary` is the last row the merge sent: rows at or before
   * it are not buffered. A read the request's call budget refused leaves the walk where it
   * was, to go on from there next time.
   */
  async advance(boundary: RowKey | undefined): Promise<void> {
    if (this.ended || this.failure) return;
    const before = this.pageLog.length;
    try {
      this.pages ??= this.paginate();
      for (let more = true; more; ) {
        const step = await this.pages.next();
        if (step.done) {
          this.ended = true;
          return;
        }
        const { position, page, next, repeated, nextIsRead } = step.value;
        this.materialized = true;
        await this.consume(page, position, boundary);
        this.pageLog.push({ position, frontier: this.frontier });
        if (repeated) this.repeatedPage = true;
        if (next) this.next = next;
        // Pages read while stepping back to an anchor are taken in together, with the page that needed them.
        more = nextIsRead === true;
        if (!more) this.findEnd(page, next);
      }
    } catch (error) {
      const failure = VendorFailure.from(error);
      // Calls spent or the caller gone stop the walk where it is: nothing failed, the next request goes on from here.
      if (failure.code !== 'CALL_CAP_REACHED' && failure.code !== 'CANCELLED') this.failure = failure;
      this.pages = undefined;
    } finally {
      if (this.pageLog.length > before || this.ended || this.failure) this.moves += 1;
    }
  }

  /** Ends reading: a read ahead already in flight finishes, nothing more starts. */
  close(): void {
    void this.pages?.return();
    this.pages = undefined;
  }

  private paginate(): AsyncGenerator<PageStep<MappedPage>, void, undefined> {
    const { adapter } = this.source;
    const fresh = !this.materialized;
    const anchor = fresh ? this.resume?.anchor : undefined;
    return paginate<MappedPage>({
      pagination: adapter.pagination,
      pageSize: this.pageSize,
      start: this.next,
      read: (position, pageSize) => this.read(position, pageSize),
      maxPages: this.options.maxPages,
      ...(this.options.mayRead ? { mayRead: this.options.mayRead } : {}),
      ...(fresh && this.resume?.readAhead ? { readAhead: this.resume.readAhead } : {}),
      ...(this.options.readAheadWindow ? { window: this.options.readAheadWindow } : {}),
      ...(anchor ? { stepBack: (page: MappedPage) => liesAfterAnchor(page, anchor) } : {}),
      signatureOf: (page) => ({ signature: page.signature, rows: page.ordered.length }),
    });
  }

  /** One page through the source's reader, its cost added to the walk's usage. */
  private async read(position: PagePosition, pageSize: number): Promise<MappedPage> {
    const started = Date.now();
    try {
      const { page, cost } = await this.readPage(position, pageSize);
      this.usageSoFar = withRead(this.usageSoFar, Date.now() - started, cost);
      return page;
    } catch (error) {
      this.usageSoFar = withRead(this.usageSoFar, Date.now() - started, { failedAfter: VendorFailure.from(error).requests });
      throw error;
    }
  }

  /** Keys of the rows read, matching and unsent that nothing unread can precede, earliest first. */
  knownKeys(): RowKey[] {
    if (!this.materialized || this.failure) return [];
    const bound = this.ended ? undefined : this.frontierBound();
    const keys: RowKey[] = [];
    for (const { key } of this.unsent) {
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
    let resumeRow: UnsentRow | undefined;
    for (const item of this.unsent) {
      if (resumeRow === undefined || item.readOrder < resumeRow.readOrder) resumeRow = item;
    }
    if (!resumeRow) return { ...cursor, ...this.resumeWithNothingUnsent() };
    const readAhead = pagesToReadAhead(this.pageLog, resumeRow.position, head.key, this.source.lagMs);
    return {
      ...cursor,
      ...positionFields(resumeRow.position),
      anchor: { nativeKey: resumeRow.nativeKey, conversationId: resumeRow.row.conversationId },
      ...(readAhead.length > 0 ? { readAhead } : {}),
    };
  }

  /**
   * Where a source resumes when every row it read was sent (or filtered out, or did not
   * map). A keyset cursor resumes where it is. Page numbers and offsets shift when rows above go: the
   * rows after the last page read may have moved up onto it, so that page is read again
   * (with the next one, read ahead), anchored on its last record when it has one: a record
   * that did not map anchors by its native key, so rows that moved up past a page of
   * nothing mappable are found by stepping back. Never further back, so a walk through
   * pages of nothing mappable still moves on.
   */
  private resumeWithNothingUnsent(): Pick<SourceCursor, 'page' | 'offset' | 'vendorCursor' | 'before' | 'size' | 'anchor' | 'readAhead'> {
    const lastRead = this.pageLog[this.pageLog.length - 1]?.position;
    if (!countsFromTop(this.next) || !lastRead || !countsFromTop(lastRead)) return positionFields(this.next);
    const anchor = this.lastRecordRead && positionKey(this.lastRecordRead.position) === positionKey(lastRead) ? this.lastRecordRead : undefined;
    return {
      ...positionFields(lastRead),
      ...(anchor ? { anchor: { nativeKey: anchor.nativeKey, conversationId: anchor.conversationId } } : {}),
      readAhead: [this.next],
    };
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
      if (!record.row) this.skippedRecords += 1;
      if (record.row || record.nativeKey !== undefined) {
        this.lastRecordRead = { position, nativeKey: record.nativeKey ?? null, conversationId: record.row?.conversationId ?? '' };
      }
    }
    const arriving: UnsentRow[] = [];
    const first = this.startBoundary ? firstAfter(records, ordered, this.startBoundary) : 0;
    for (let at = first; at < ordered.length; at += 1) {
      if (at > first && (at - first) % RECORDS_PER_SLICE === 0) await yieldToEventLoop();
      const index = ordered[at]!;
      const record = records[index]!;
      const row = record.row!;
      const key = record.key!;
      if (!matchesFilters(row, this.options.filters, key.t)) continue;
      if (boundary && compareKeys(key, boundary) <= 0) {
        if (!this.sent.has(row.id)) this.outOfOrderRows += 1;
        continue;
      }
      if (this.seen.has(row.id)) continue;
      this.seen.add(row.id);
      arriving.push({ row, key, readOrder: firstReadOrder + index, position, nativeKey: record.nativeKey ?? null });
    }
    this.unsent.add(arriving);
  }

  private trackFrontier(nativeKey: number | null | undefined): void {
    if (nativeKey === undefined) return;
    if (this.frontier === undefined || nativeKey === null) {
      if (this.frontier === undefined || this.frontier !== null) this.frontier = nativeKey;
      return;
    }
    if (this.frontier === null || nativeKey > this.frontier) {
      this.outOfOrderRows += 1;
      return;
    }
    this.frontier = nativeKey;
  }

  private frontierBound(): RowKey {
    if (this.frontier === undefined) return BEFORE_EVERYTHING;
    if (this.frontier === null) return earliestKeyAt(null);
    return earliestKeyAt(this.frontier + this.source.lagMs);
  }

  /** The paginator ended the walk, or the `since` bound did; an absurdly long vendor cursor fails it. */
  private findEnd(page: MappedPage, next: PagePosition | undefined): void {
    const { nextCursor } = page;
    if (typeof nextCursor === 'string' && nextCursor.length > MAX_VENDOR_CURSOR_CHARS) {
      throw new VendorFailure(
        'VENDOR_BAD_RESPONSE',
        `the vendor's next cursor has ${nextCursor.length} characters; the gateway keeps vendor cursors of at most ${MAX_VENDOR_CURSOR_CHARS}`,
      );
    }
    this.ended = next === undefined || this.pastTimeBounds();
    if (this.ended) this.close();
  }

  /** Nothing unread can match `since` (or any time bound, once in the null tail). */
  private pastTimeBounds(): boolean {
    const { since, until } = this.options.filters;
    if (this.frontier === null) return since !== undefined || until !== undefined;
    return since !== undefined && this.frontier !== undefined && this.frontier + this.source.lagMs < since;
  }
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

/** The page lies wholly after the anchor row: it does not hold the row, and it starts at or after the row's place. */
function liesAfterAnchor(page: MappedPage, anchor: NonNullable<SourceCursor['anchor']>): boolean {
  const { records } = page;
  if (records.some((record) => record.row?.conversationId === anchor.conversationId)) return false;
  return !(records.length > 0 && nativelyBefore(records[0]!.nativeKey, anchor.nativeKey));
}

/** Native order is descending with nulls last: is `a` strictly before `b`? */
function nativelyBefore(a: number | null | undefined, b: number | null): boolean {
  if (a === undefined || a === null) return false;
  return b === null || a > b;
}
