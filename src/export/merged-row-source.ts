import { FinishedDetails } from '../conversations/finished-details.js';
import { openWalks, type OpenWalks } from '../conversations/open-walks.js';
import { presentRow, type PageDependencies } from '../conversations/read-conversations-page.js';
import { sourcePageReader } from '../conversations/source-page-reader.js';
import { reportSource, type SourceReport } from '../conversations/source-report.js';
import { GatewayError } from '../errors.js';
import { MergedWalk } from '../merge/merged-walk.js';
import { CallBudget } from '../upstream/call-budget.js';
import { cutOffOf, readContext, withDeadline, type ReadContext } from '../upstream/read-context.js';
import type { ExportRequest } from './export-request.js';
import { VendorFailure } from '../upstream/vendor-failure.js';
import type { ExportCut, ExportRow, RowSource } from './row-source.js';
import { TranscriptReadAhead, type TranscriptCounts } from './transcript-read-ahead.js';
import type { LinksReport, RowLinks } from '../links/row-links.js';
import { lookAhead, walkLinks } from '../links/walk-links.js';
import type { MergedRow } from '../merge/merged-walk.js';

/** Rows whose links are looked up ahead of the one written (`duplicates`). */
const LINKS_AHEAD = 50;

/** What an export reads with: a page's dependencies, and the kept details of finished conversations (`include=transcript`). */
export type ExportDependencies = PageDependencies & { finishedDetails?: FinishedDetails };

/** Vendor pages read ahead per source, never more than the connection's concurrency cap. */
const MAX_READ_AHEAD_PAGES = 4;

export interface ExportBounds {
  /** The caller went away, or the gateway is shutting down (its reason says which). */
  cancel?: AbortSignal;
  /** Vendor calls the whole export may make; unbounded when absent (tools and tests only). */
  maxVendorCalls?: number;
  /** Told of each vendor call as it is taken: the caller's rate limit is charged there, and may close `budget`. */
  onCall?(calls: number, budget: CallBudget): void;
  /** Vendor pages each source reads ahead of the walk (default up to `MAX_READ_AHEAD_PAGES`); 0 for a walk that expects to stop early (a poll). */
  readAheadPages?: number;
}

/**
 * The merged walk kept open for a whole export, pulled one row per `next()`: the same
 * walk as a page's, with no page cap (each vendor page gets its own deadline) and each
 * source reading up to `MAX_READ_AHEAD_PAGES` ahead. A source that fails ends the stream
 * at once, before any row the failed source might precede, so the rows written are an
 * exact prefix of the walk and the cursor resumes right after them. The export's vendor
 * calls come out of one budget; when it is spent, the caller's rate limit is, or the
 * caller or the gateway goes away, the stream ends there with a cursor.
 */
export class MergedRowSource implements RowSource {
  private opened: { open: OpenWalks; merged: MergedWalk } | undefined;
  private readonly stop = new AbortController();
  private readonly context: ReadContext;
  private readonly budget: CallBudget;
  private readonly readAheadPages: number | undefined;
  private returned = 0;
  private transcripts: TranscriptReadAhead | undefined;
  private links: RowLinks | undefined;
  /** A transcript's or a link's read the export's limits stopped (calls spent, caller gone): the export ended before that row. */
  private stoppedAtRead = false;

  constructor(
    private readonly deps: ExportDependencies,
    private readonly request: ExportRequest,
    bounds: ExportBounds = {},
  ) {
    const budget = new CallBudget(bounds.maxVendorCalls ?? Number.POSITIVE_INFINITY, (calls) => bounds.onCall?.(calls, budget));
    this.budget = budget;
    this.readAheadPages = bounds.readAheadPages;
    const cancel = bounds.cancel ? AbortSignal.any([bounds.cancel, this.stop.signal]) : this.stop.signal;
    this.context = readContext({ deadline: Number.POSITIVE_INFINITY, cancel, budget, org: request.agent.org, now: deps.now });
  }

  /**
   * Opens the walk (checking the cursor) and reads every source's first page together;
   * a bad cursor, or every source failing with no row to send, is an error before
   * anything is streamed.
   */
  async prime(): Promise<void> {
    if (!this.opened) {
      const { deps, request, context, budget } = this;
      this.links = walkLinks(deps.linkLookups, request, () => withDeadline(context, Date.now() + deps.settings.requestDeadlineMs));
      const mayRead = () => cutOffOf(context) === undefined && !budget.exhausted;
      const open = await openWalks(deps, request, {
        readerOf: (source, filters, wantSummary) =>
          sourcePageReader(deps.client, source, filters, wantSummary, () => withDeadline(context, Date.now() + deps.settings.requestDeadlineMs)),
        maxPages: Number.POSITIVE_INFINITY,
        readAheadWindow: (source) => Math.min(this.readAheadPages ?? Math.max(1, MAX_READ_AHEAD_PAGES), source.connection.maxConcurrency),
        mayRead,
      });
      const walks = open.sources.map(({ walk }) => walk);
      const merged = new MergedWalk(walks, open.resumed?.boundary, { mustStop: () => cutOffOf(context) !== undefined, callsSpent: () => budget.exhausted, endOnSourceFailure: true });
      this.opened = { open, merged };
      if (request.includeTranscript) {
        this.transcripts = new TranscriptReadAhead({
          client: deps.client,
          finished: deps.finishedDetails ?? new FinishedDetails(),
          sources: request.agent.sources,
          contextOf: () => withDeadline(context, Date.now() + deps.settings.requestDeadlineMs),
        });
      }
    }
    await this.merged.prime();
    const failed = this.merged.walks.filter((walk) => walk.failed);
    if (failed.length > 0 && failed.length === this.merged.walks.length) {
      const reasons = this.reports().map((report) => `${report.source} ${report.error?.code ?? report.status}`);
      throw new GatewayError('ALL_SOURCES_FAILED', `every source failed: ${reasons.join('; ')}`);
    }
  }

  async next(): Promise<ExportRow | undefined> {
    await this.prime();
    if (this.stoppedAtRead) return undefined;
    const { transcripts } = this;
    const head = await this.nextShown();
    if (!head) return undefined;
    if (!transcripts) {
      await this.merged.next();
      this.returned += 1;
      return presentRow(await this.linked(head.row), this.request);
    }
    // The row is taken from the walk only once its transcript is there: a cut leaves the cursor before it.
    // The row to write first, then the rows after it: a read the budget refuses is never the head's for want of calls spent ahead.
    const saying = transcripts.of(head.row);
    transcripts.ahead(this.merged.walks);
    let said;
    try {
      said = await saying;
    } catch (error) {
      if (!(error instanceof VendorFailure) || !error.cutOff) throw error;
      this.stoppedAtRead = true;
      return undefined;
    }
    await this.merged.next();
    this.returned += 1;
    return { ...presentRow(await this.linked(head.row), this.request), ...said };
  }

  /**
   * The next row to write, past the copies `duplicates=hide` leaves out (taken: the cursor
   * moves past them); none when the export's limits cut the reads of a row's links (it
   * ends before that row).
   */
  private async nextShown(): Promise<MergedRow | undefined> {
    for (let head = await this.merged.peek(); head; head = await this.merged.peek()) {
      if (!this.links) return head;
      lookAhead(this.links, this.merged.walks, LINKS_AHEAD, head.row);
      const verdict = await this.links.verdict(head.row);
      if (verdict === 'send') return head;
      if (verdict === 'stop') {
        this.stoppedAtRead = true;
        return undefined;
      }
      await this.merged.next();
    }
    return undefined;
  }

  private linked(row: ExportRow): Promise<ExportRow> {
    return this.links ? this.links.present(row) : Promise.resolve(row);
  }

  linksReport(): LinksReport | undefined {
    return this.links?.report();
  }

  transcriptCounts(): TranscriptCounts | undefined {
    return this.transcripts?.counts();
  }

  complete(): boolean {
    return this.opened?.merged.state === 'ended';
  }

  /** Why the export ended before its last row, once it did. */
  cut(): ExportCut | undefined {
    const state = this.stoppedAtRead ? 'stopped' : (this.opened?.merged.state ?? 'open');
    if (state === 'open' || state === 'ended') return undefined;
    if (state === 'cut') return { reason: 'source-failed', message: 'a source failed; resume with the cursor once it is back' };
    const cutOff = cutOffOf(this.context);
    if (cutOff) return { reason: 'cancelled', message: cutOff.message };
    if (this.budget.closedReason) return { reason: 'rate-limited', message: this.budget.closedReason };
    return { reason: 'calls', message: `the export made its ${this.budget.cap} vendor calls (limits.maxVendorCallsPerExport); resume with the cursor` };
  }

  count(): number {
    return this.returned;
  }

  /** Vendor calls the export made so far. */
  vendorCalls(): number {
    return this.budget.spent;
  }

  async cursor(): Promise<string | null> {
    if (this.complete() || !this.opened) return this.complete() ? null : (this.request.cursor ?? null);
    this.noteStaleSources();
    return this.open.cursor(this.merged.boundary, this.deps.now() + this.deps.settings.cursorTtlMs);
  }

  syncToken(): string | undefined {
    if (!this.complete() || !this.opened) return undefined;
    this.noteStaleSources();
    return this.open.sync.token();
  }

  /** A source served pages past their lifetime: they may predate the watermark, so no token comes of this walk. */
  private noteStaleSources(): void {
    this.open.sync.markRowsMissed(this.reports().some((report) => report.stale));
  }

  reports(): SourceReport[] {
    return this.opened?.open.sources.map(({ walk }) => reportSource(walk)) ?? [];
  }

  /** The consumer went away: the reads in flight stop (the gateway's cut-off, never the vendor's failure), none starts. */
  close(): void {
    this.transcripts?.close();
    this.stop.abort(new Error("the export's client went away"));
    this.opened?.merged.close();
  }

  private get open(): OpenWalks {
    if (!this.opened) throw new Error('the export is read only once primed');
    return this.opened.open;
  }

  private get merged(): MergedWalk {
    if (!this.opened) throw new Error('the export is read only once primed');
    return this.opened.merged;
  }
}
