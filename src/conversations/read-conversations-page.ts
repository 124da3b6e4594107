import type { Row } from '../contract/index.js';
import { GatewayError } from '../errors.js';
import { mergeWalks } from '../merge/merged-walk.js';
import type { SourceWalk } from '../merge/source-walk.js';
import { CallBudget } from '../upstream/call-budget.js';
import { cutOffOf, isCutOff, readContext } from '../upstream/read-context.js';
import { reportSource, type SourceReport } from './source-report.js';
import { openWalks } from './open-walks.js';
import { sourcePageReader } from './source-page-reader.js';
import { RawSizeLimit } from './raw-size-limit.js';
import { judgingAhead, walkLinks } from '../links/walk-links.js';
import type { LinksReport } from '../links/row-links.js';
import type { SourceUsage } from '../merge/source-usage.js';
import type { PageDependencies, PageRequest } from './page-request.js';

export type { PageDependencies, PageRequest, PageSettings } from './page-request.js';

export interface ConversationsPage {
  rows: Row[];
  pagination: { limit: number; hasMore: boolean; nextCursor: string | null; syncToken?: string };
  sources: SourceReport[];
  partial: boolean;
  /**
   * The request's own limits stopped the walk before the page was full (its vendor calls
   * spent, its deadline passed, its caller gone): fewer rows than `limit`, more may follow
   * `nextCursor`. A sparse filter (a contact search) is where this shows.
   */
  cut?: { reason: 'calls' | 'deadline' | 'cancelled' };
  /** `duplicates=link` or `hide`, on an agent whose sources can hold copies: what linking did. */
  links?: LinksReport;
  /** `include=raw` only: the answer's size limit held rows back for the next page, or replaced records too large alone. */
  sizeLimited?: { maxBytes: number; rowsHeldBack: boolean; rawOmitted: number };
}

/** A page as it was read: until when every vendor page behind it stays fresh (null: it read none, or one uncached). */
export interface ReadPage extends ConversationsPage {
  freshUntil: number | null;
}

export interface PageOptions {
  /** Aborts the page's vendor reads early: the caller went away. */
  cancel?: AbortSignal;
  /** Told of each vendor call as it is taken (the caller's rate limit is charged there). */
  onCall?(calls: number, budget: CallBudget): void;
}

/** One page of an agent's merged conversations. */
export async function readConversationsPage(deps: PageDependencies, request: PageRequest, options: PageOptions = {}): Promise<ReadPage> {
  const { agent, limit } = request;
  const budget: CallBudget = new CallBudget(deps.settings.maxVendorCallsPerRequest, (calls) => options.onCall?.(calls, budget));
  const context = readContext({ deadline: Date.now() + deps.settings.requestDeadlineMs, now: deps.now, cancel: options.cancel, org: agent.org, budget });
  const links = walkLinks(deps.linkLookups, request, () => context);
  const { started, resumed, sync, sources: walks, cursor } = await openWalks(deps, request, {
    readerOf: (source, filters, wantSummary) => sourcePageReader(deps.client, source, filters, wantSummary, context),
    maxPages: deps.settings.maxPagesPerRequest,
    mayRead: () => !isCutOff(context) && !budget.exhausted,
  });

  const mustStop = () => isCutOff(context);
  const callsSpent = () => budget.exhausted;
  const sizeLimit = request.includeRaw && deps.settings.maxResponseBytes !== undefined ? new RawSizeLimit(deps.settings.maxResponseBytes) : undefined;
  const sourceWalks = walks.map(({ walk }) => walk);
  const merged = await mergeWalks(
    sourceWalks,
    limit,
    resumed?.boundary,
    { mustStop, callsSpent, ...(links ? { judge: judgingAhead(links, sourceWalks) } : {}) },
    sizeLimit && ((row, first) => sizeLimit.fits(row, first)),
  );
  const capped = budget.exhausted ? new Set(merged.stoppedShort) : new Set<SourceWalk>();
  const reports = walks.map(({ walk }) => reportSource(walk, capped.has(walk) ? budget.cap : undefined));
  const failed = reports.filter((report) => report.status !== 'ok' && report.status !== 'skipped');
  const troubled = reports.filter((report) => report.error !== undefined);
  if (failed.length > 0 && failed.length === reports.length && merged.rows.length === 0) {
    throw new GatewayError('ALL_SOURCES_FAILED', `every source failed: ${failed.map(describeFailure).join('; ')}`);
  }
  if (request.strict && troubled.length > 0) {
    throw new GatewayError('SOURCE_FAILED', `strict=true and a source failed: ${troubled.map(describeFailure).join('; ')}`);
  }

  // The deadline or the call cap stopped the merge before the page was full: what arrived is returned, marked partial.
  const cutShort = merged.hasMore && merged.rows.length < limit && (mustStop() || callsSpent());
  const partial = troubled.length > 0 || cutShort;
  sync.markRowsMissed(failed.length > 0 || reports.some((report) => report.stale));
  const nextCursor = merged.hasMore ? await cursor(merged.boundary, started + deps.settings.cursorTtlMs) : null;

  const linked = links ? await Promise.all(merged.rows.map((row) => links.present(row))) : merged.rows;
  const presented = linked.map((row) => presentRow(row, request));
  const rows = sizeLimit ? presented.map((row) => sizeLimit.present(row)) : presented;
  const sizeLimited = sizeLimit?.report();
  return {
    rows,
    pagination: { limit, hasMore: merged.hasMore, nextCursor, ...lastPageToken(merged.hasMore, sync.token) },
    sources: reports,
    partial,
    ...(cutShort ? { cut: { reason: callsSpent() ? 'calls' : (cutOffOf(context)?.code === 'CANCELLED' ? 'cancelled' : 'deadline') } as const } : {}),
    ...(links ? { links: links.report() } : {}),
    ...(sizeLimited ? { sizeLimited } : {}),
    freshUntil: freshUntil(walks.map(({ connection, walk }) => ({ usage: walk.usage, ttlMs: connection.cacheTtlMs }))),
  };
}

/** The earliest expiry among the vendor pages a page was read from. */
function freshUntil(reads: { usage: SourceUsage; ttlMs: number }[]): number | null {
  let until: number | null = null;
  for (const { usage, ttlMs } of reads) {
    if (usage.pages === 0) continue;
    if (ttlMs <= 0 || usage.fetchedAt === undefined) return null;
    until = Math.min(until ?? Number.POSITIVE_INFINITY, usage.fetchedAt + ttlMs);
  }
  return until;
}

/** The last page of a walk carries the token of the next delta walk. */
function lastPageToken(hasMore: boolean, token: () => string | undefined): { syncToken?: string } {
  const syncToken = hasMore ? undefined : token();
  return syncToken === undefined ? {} : { syncToken };
}

export function presentRow(row: Row, request: Pick<PageRequest, 'includeRaw'>): Row {
  if (request.includeRaw) return row;
  const { raw: _raw, ...rest } = row;
  return rest;
}

function describeFailure(report: SourceReport): string {
  return `${report.source} ${report.error!.code}`;
}
