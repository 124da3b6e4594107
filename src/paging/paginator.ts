import type { PagePosition, Pagination } from '../contract/index.js';
import { VendorFailure } from '../upstream/vendor-failure.js';
import { countsFromTop, nextPosition, positionKey, previousNumbered, repeatsPreviousPage, type PageFacts } from './page-positions.js';

/** One page of a walk, where it was, and where the next one starts (undefined: the walk ended on this page). */
export interface PageStep<P> {
  position: PagePosition;
  page: P;
  next: PagePosition | undefined;
  /** The walk ended because the vendor repeated a page or a cursor (not by its own end). */
  repeated?: true;
  /** The next page was read already (while stepping back to an anchor): a consumer takes it with this one. */
  nextIsRead?: true;
}

export interface PaginationPlan<P extends PageFacts> {
  pagination: Pagination;
  pageSize: number;
  /** Where the walk starts (a resumed walk: where it left off). */
  start: PagePosition;
  /** Reads one page through the vendor-call pipeline (`pageSize`: the walk's, or the position's own); throws `VendorFailure`. */
  read(position: PagePosition, pageSize: number): Promise<P>;
  /** Pages this walk may read at most, read ahead included; past it `PAGE_CAP_REACHED`. */
  maxPages: number;
  /** False once no read may start (the request's calls are spent, its caller gone, its deadline passed). */
  mayRead?(): boolean;
  /** Positions after `start` known to be needed (the last request needed them): read together with it. */
  readAhead?: readonly PagePosition[];
  /** Pages kept in flight ahead of the consumer, at most (an export's read-ahead); 0 by default. */
  window?: number;
  /**
   * A walk by page numbers or offsets resumed by its anchor: true while `page` lies wholly
   * after the anchor row, so rows that moved up may sit on the page before (read it too).
   */
  stepBack?(page: P): boolean;
  /** The page's identity for the repeated-page rule, with how many rows it holds; undefined: no evidence. */
  signatureOf?(page: P): { signature: string; rows: number } | undefined;
}

/**
 * The one paginator: the only code that asks a vendor for its next page, for every route
 * (the page walk, the export, the monitor and its vendor report, the fixture recorder).
 * It reads the declared pagination kind and owns every stop rule: an empty page, a short
 * page where declared, the last page by `totalPages`, a null, empty or repeated cursor, a
 * repeated page, the page cap; the request's budget, deadline and caller end it through
 * `read` (the pipeline refuses) and `mayRead` (nothing more is read ahead). Read-ahead is
 * how it is pulled: positions known in advance, and a window of pages beyond the consumer
 * (page numbers guessed once a page showed there are more; cursors chained as each page
 * arrives). A consumer that stops pulling leaves at most the reads already in flight.
 */
export async function* paginate<P extends PageFacts>(plan: PaginationPlan<P>): AsyncGenerator<PageStep<P>, void, undefined> {
  const reads = new PageReads(plan);
  reads.prefetch(plan.readAhead ?? []);
  const first = await reads.take(plan.start);
  // Pages read while stepping back come first, in the vendor's order; each leads to the one after it, already read.
  const queue = plan.stepBack && countsFromTop(plan.start) ? await stepBack(plan, reads, first) : [{ position: plan.start, page: first }];
  const cursorsSeen = new Set<string>();
  let previousSignature = '';
  for (let step = queue.shift(); step; ) {
    const { position, page } = step;
    const identity = plan.signatureOf?.(page);
    const repeatedPage = identity !== undefined && repeatsPreviousPage(previousSignature, identity.signature, identity.rows);
    previousSignature = identity?.signature ?? '';
    if (position.cursor) cursorsSeen.add(position.cursor);
    const repeatedCursor = plan.pagination.kind === 'cursor' && typeof page.nextCursor === 'string' && cursorsSeen.has(page.nextCursor);
    if (repeatedPage || repeatedCursor) {
      yield { position, page, next: undefined, repeated: true };
      return;
    }
    const following = queue[0]?.position ?? nextPosition(plan, position, page, sizeAt(plan, position));
    // Read ahead before the page is handed out, so the vendor works while the consumer does.
    if (following && queue.length === 0) reads.ahead(position, page, following);
    yield { position, page, next: following, ...(queue.length > 0 ? { nextIsRead: true as const } : {}) };
    if (!following) return;
    step = queue.shift() ?? { position: following, page: await reads.take(following) };
  }
}

/**
 * Rows that moved up (a row above them changed or vanished) may now sit on earlier pages
 * than the resume page: steps back while the page lies wholly after the anchor. Costs one
 * request per page of shift, only on shift. The pages come back in the vendor's order.
 */
async function stepBack<P extends PageFacts>(plan: PaginationPlan<P>, reads: PageReads<P>, first: P): Promise<{ position: PagePosition; page: P }[]> {
  const steps = [{ position: plan.start, page: first }];
  for (let before = previousNumbered(plan.start, plan.pageSize); before && plan.stepBack!(steps[0]!.page); before = previousNumbered(before, plan.pageSize)) {
    steps.unshift({ position: before, page: await reads.take(before) });
  }
  return steps;
}

/** The reads of one walk: the page cap, reads in flight, and reads ahead of the consumer. */
class PageReads<P extends PageFacts> {
  private readonly inFlight = new Map<string, Promise<P>>();
  /** Cursor pages read ahead that arrived, by position: where each one leads (null: the end). */
  private readonly arrived = new Map<string, PagePosition | null>();
  private started = 0;
  /** Last page number that may exist (from `totalPages` or a page that ended the walk). */
  private lastPage = Number.POSITIVE_INFINITY;
  private readonly window: number;

  constructor(private readonly plan: PaginationPlan<P>) {
    this.window = Math.max(0, plan.window ?? 0);
  }

  /** The page at `position`: the read already on its way, or a new one. */
  take(position: PagePosition): Promise<P> {
    const key = positionKey(position);
    const pending = this.inFlight.get(key);
    if (pending) {
      this.inFlight.delete(key);
      return pending;
    }
    if (this.started >= this.plan.maxPages) {
      return Promise.reject(new VendorFailure('PAGE_CAP_REACHED', `read ${this.started} vendor pages in one request without reaching a row to send`));
    }
    this.started += 1;
    return this.plan.read(position, sizeAt(this.plan, position));
  }

  /** Starts reads `take` will pick up; one never picked up costs a request and nothing else. */
  prefetch(positions: readonly PagePosition[]): void {
    for (const position of positions) {
      const key = positionKey(position);
      if (this.inFlight.has(key) || this.started >= this.plan.maxPages || this.plan.mayRead?.() === false) continue;
      this.started += 1;
      const read = this.plan.read(position, sizeAt(this.plan, position));
      read.catch(() => undefined);
      this.inFlight.set(key, read);
      if (this.window > 0) read.then((page) => this.landed(position, page), () => undefined);
    }
  }

  /**
   * Reads ahead of the consumer, which is about to get the page at `position`: page numbers
   * guessed up to `window` pages on (never past the last page known); for cursors, the next
   * link of the chain read ahead.
   */
  ahead(position: PagePosition, page: P, following: PagePosition): void {
    if (this.window === 0) return;
    if (following.page === undefined) return this.extendChain(following);
    if (page.totalPages !== undefined) this.lastPage = Math.min(this.lastPage, page.totalPages);
    const guesses: PagePosition[] = [];
    for (let number = following.page; number <= Math.min(this.lastPage, position.page! + this.window); number += 1) {
      if (!this.inFlight.has(positionKey({ page: number }))) guesses.push({ page: number });
    }
    this.prefetch(guesses.slice(0, this.room()));
  }

  /** Reads ahead that may still start. */
  private room(): number {
    return Math.max(0, this.window - this.inFlight.size);
  }

  /** A page read ahead arrived: it says where the chain goes on, or that page numbers end here. */
  private landed(position: PagePosition, page: P): void {
    const following = nextPosition(this.plan, position, page, sizeAt(this.plan, position));
    if (position.page !== undefined) {
      if (following) return;
      // Guesses past the last page are never taken: they free their places in the window.
      this.lastPage = Math.min(this.lastPage, position.page);
      for (const key of [...this.inFlight.keys()]) if (Number(key.slice('page:'.length)) > this.lastPage) this.inFlight.delete(key);
      return;
    }
    this.arrived.set(positionKey(position), following ?? null);
    if (following) this.extendChain(following);
  }

  /** Follows the chain from `position` through pages already arrived to its first unread link, and reads it if there is room. */
  private extendChain(position: PagePosition): void {
    let link: PagePosition | null | undefined = position;
    for (let hops = 0; link && hops <= this.window; hops += 1) {
      const known = this.arrived.get(positionKey(link));
      if (known === undefined) break;
      link = known;
    }
    if (link && this.room() > 0) this.prefetch([link]);
  }
}

/** The page size a read at `position` asks for: the walk's, or the position's own (a time window's tie that filled a page). */
function sizeAt(plan: Pick<PaginationPlan<PageFacts>, 'pageSize'>, position: PagePosition): number {
  return position.size ?? plan.pageSize;
}
