import type { AdapterDefinition, PagePosition } from '../contract/index.js';
import type { MappedPage } from '../merge/mapped-page.js';
import { nextPosition } from '../merge/page-positions.js';
import type { PageReader } from '../merge/walk-page-reads.js';

/**
 * Reads a source's vendor pages ahead of its walk, at most `window` pages beyond the last
 * one the walk asked for, so a long walk costs about the vendor's own chain of page reads
 * and a slow consumer pauses vendor reads instead of piling pages up.
 * - Page numbers: the next `window` pages are asked for at once (never past `totalPages`
 *   or a page that ended the walk); a guess past the end costs one wasted request.
 * - Cursors: each page's next cursor is asked for as soon as the page arrives (a chain).
 * - A whole window is one request: nothing to read ahead.
 */
export class ReadAheadReader {
  private readonly pending = new Map<string, Promise<MappedPage>>();
  /** Last page number that may exist (from `totalPages` or a page that ended the walk). */
  private lastPage = Number.POSITIVE_INFINITY;
  /** Highest page number the walk asked for. */
  private asked = 0;
  /** A page arrived that did not end the walk: guessing the next ones is worth it. */
  private morePagesSeen = false;
  /** A cursor page that arrived while the window was full: its follower is asked for once there is room. */
  private stalled: { position: PagePosition; page: MappedPage } | undefined;
  private closed = false;

  constructor(
    private readonly adapter: AdapterDefinition,
    private readonly readPage: PageReader,
    private readonly window: number,
  ) {}

  /** Vendor pages asked for and not yet taken by the walk. */
  get inFlight(): number {
    return this.pending.size;
  }

  readonly read: PageReader = (position, pageSize) => {
    const key = keyOf(position);
    const page = this.pending.get(key) ?? this.start(position, pageSize);
    this.pending.delete(key);
    if (position.page !== undefined) this.asked = Math.max(this.asked, position.page);
    this.fill(pageSize);
    return page;
  };

  /** The consumer went away: ask for nothing more. */
  close(): void {
    this.closed = true;
    this.pending.clear();
  }

  private start(position: PagePosition, pageSize: number): Promise<MappedPage> {
    const page = this.readPage(position, pageSize);
    page.then(
      (result) => this.learn(position, result, pageSize),
      () => undefined,
    );
    return page;
  }

  private prefetch(position: PagePosition, pageSize: number): void {
    const key = keyOf(position);
    if (this.closed || this.pending.has(key) || this.pending.size >= this.window) return;
    this.pending.set(key, this.start(position, pageSize));
  }

  private learn(position: PagePosition, page: MappedPage, pageSize: number): void {
    const following = nextPosition(this.adapter, position, page, pageSize);
    if (this.adapter.pagination.kind === 'cursor') {
      if (!following) return;
      if (this.pending.size >= this.window) this.stalled = { position, page };
      else this.prefetch(following, pageSize);
      return;
    }
    if (position.page === undefined) return;
    if (page.totalPages !== undefined) this.lastPage = Math.min(this.lastPage, page.totalPages);
    if (following) this.morePagesSeen = true;
    else this.lastPage = Math.min(this.lastPage, position.page);
    this.dropPagesPast(this.lastPage);
    this.fill(pageSize);
  }

  private fill(pageSize: number): void {
    if (this.closed) return;
    const kind = this.adapter.pagination.kind;
    if (kind === 'cursor' && this.stalled && this.pending.size < this.window) {
      const { position, page } = this.stalled;
      this.stalled = undefined;
      const following = nextPosition(this.adapter, position, page, pageSize);
      if (following) this.prefetch(following, pageSize);
    }
    // Guess pages only once a page showed there are more: a one-page source costs one request.
    if (kind !== 'page' || !this.morePagesSeen) return;
    for (let number = this.asked + 1; number <= Math.min(this.lastPage, this.asked + this.window); number += 1) {
      this.prefetch({ page: number }, pageSize);
    }
  }

  /** Guesses past the last page are never read by the walk: free their slots. */
  private dropPagesPast(lastPage: number): void {
    for (const key of this.pending.keys()) {
      if (key.startsWith('page:') && Number(key.slice(5)) > lastPage) this.pending.delete(key);
    }
  }
}

function keyOf(position: PagePosition): string {
  return position.page !== undefined ? `page:${position.page}` : `cursor:${position.cursor ?? ''}`;
}
