import type { Row } from '../contract/index.js';
import { openWalks, type OpenWalks } from '../conversations/open-walks.js';
import { presentRow, type PageDependencies } from '../conversations/read-conversations-page.js';
import { sourcePageReader } from '../conversations/source-page-reader.js';
import { reportSource } from '../conversations/source-report.js';
import { GatewayError } from '../errors.js';
import { earliestHead, walksBlockingTheNextRow } from '../merge/merge-walks.js';
import type { RowKey } from '../merge/row-key.js';
import type { SourceWalk } from '../merge/source-walk.js';
import type { PageReader } from '../merge/walk-page-reads.js';
import { readContext } from '../upstream/read-context.js';
import type { ExportRequest } from './export-request.js';
import { ReadAheadReader } from './read-ahead-reader.js';
import type { RowSource } from './row-source.js';

/** Vendor pages read ahead per source, never more than the connection's concurrency cap. */
const MAX_READ_AHEAD_PAGES = 4;

/**
 * The merged walk kept open for a whole export: one `SourceWalk` per source for the whole
 * stream (no page cap: each vendor page gets its own deadline), read ahead by
 * `ReadAheadReader`, merged one row per `next()`. A source that fails ends the stream at
 * once, before any row that the failed source might precede, so the rows written are an
 * exact prefix of the walk and the cursor resumes right after them.
 */
export class MergedRowSource implements RowSource {
  private readonly open: OpenWalks;
  private readonly readers: ReadAheadReader[] = [];
  /** The last row returned: every source skips rows at or before it. */
  private boundary: RowKey | undefined;
  private primed = false;
  private ended: 'complete' | 'cut' | undefined;
  private returned = 0;

  constructor(
    private readonly deps: PageDependencies,
    private readonly request: ExportRequest,
  ) {
    const { agent } = request;
    this.open = openWalks(deps, request, {
      readerOf: (source, filters, wantSummary, usage) => {
        const readPage: PageReader = (position, pageSize) =>
          sourcePageReader(deps.client, source, filters, wantSummary, readContext({ deadline: Date.now() + deps.settings.requestDeadlineMs, now: deps.now, org: agent.org }), usage)(
            position,
            pageSize,
          );
        const window = Math.max(1, Math.min(MAX_READ_AHEAD_PAGES, source.connection.maxConcurrency ?? MAX_READ_AHEAD_PAGES));
        const reader = new ReadAheadReader(source.runtime.adapter, readPage, window);
        this.readers.push(reader);
        return reader.read;
      },
      maxPages: Number.POSITIVE_INFINITY,
    });
    this.boundary = this.open.resumed?.boundary;
  }

  /**
   * Reads every source's first page together; every source failing with no row to send is
   * a 502 before anything is streamed.
   */
  async prime(): Promise<void> {
    if (this.primed) return;
    this.primed = true;
    await Promise.all(this.walks().filter((walk) => !walk.isMaterialized && walk.head() !== null).map((walk) => walk.advance(this.boundary)));
    const failed = this.walks().filter((walk) => walk.failed);
    if (failed.length > 0 && failed.length === this.open.sources.length) {
      const reasons = this.reports().map((report) => `${report.source} ${report.error?.code ?? report.status}`);
      throw new GatewayError('ALL_SOURCES_FAILED', `every source failed: ${reasons.join('; ')}`);
    }
    if (failed.length > 0) this.ended = 'cut';
  }

  async next(): Promise<Row | undefined> {
    await this.prime();
    while (this.ended === undefined) {
      const earliest = earliestHead(this.walks());
      if (!earliest) {
        this.ended = 'complete';
        break;
      }
      if (earliest.head.real) {
        const row = earliest.walk.take();
        this.boundary = earliest.head.key;
        this.returned += 1;
        return presentRow(row, this.request);
      }
      await Promise.all(walksBlockingTheNextRow(this.walks(), earliest.walk).map((walk) => walk.advance(this.boundary)));
      if (this.walks().some((walk) => walk.failed)) this.ended = 'cut';
    }
    return undefined;
  }

  complete(): boolean {
    return this.ended === 'complete';
  }

  count(): number {
    return this.returned;
  }

  cursor(): string | null {
    if (this.ended === 'complete') return null;
    this.noteStaleSources();
    return this.open.cursor(this.boundary, this.deps.now() + this.deps.settings.cursorTtlMs);
  }

  syncToken(): string | undefined {
    if (this.ended !== 'complete') return undefined;
    this.noteStaleSources();
    return this.open.sync.token();
  }

  /** A source served pages past their lifetime: they may predate the watermark, so no token comes of this walk. */
  private noteStaleSources(): void {
    this.open.sync.markRowsMissed(this.reports().some((report) => report.stale));
  }

  reports() {
    return this.open.sources.map(({ walk, usage }) => reportSource(walk, usage));
  }

  /** Vendor pages read ahead and not yet consumed, over all sources. */
  pagesInFlight(): number {
    return this.readers.reduce((sum, reader) => sum + reader.inFlight, 0);
  }

  close(): void {
    // Reads in flight are left to finish: the client counts an aborted call as a vendor failure (its breaker would open).
    for (const reader of this.readers) reader.close();
  }

  private walks(): SourceWalk[] {
    return this.open.sources.map(({ walk }) => walk);
  }
}
