import type { Row, StallCategory } from '../contract/index.js';
import type { AgentDirectory } from '../agents/agent-directory.js';
import type { Caller } from '../auth/caller.js';
import type { PageDependencies } from '../conversations/read-conversations-page.js';
import { GatewayError } from '../errors.js';
import type { RowKey } from '../merge/row-key.js';
import { passesThreshold, waitingMinutes } from './classify-stall.js';
import { decodeMonitorCursor, encodeMonitorCursor, monitorBinding } from './monitor-cursor.js';
import type { MonitorRequest } from './monitor-request.js';
import { agentsInScope } from './monitor-scope.js';
import { isFailure, isTrouble, type MonitorSourceReport } from './monitor-source-report.js';
import { readMonitoredSources } from './read-monitored-sources.js';
import type { StallCandidate } from './source-stalls.js';
import { compareStallKeys } from './stall-order.js';
import { CallBudget } from '../upstream/call-budget.js';
import { readContext } from '../upstream/read-context.js';

/** A normalized row of a stalled conversation. */
export interface StalledRow extends Omit<Row, 'raw'> {
  /** The logical agent the row was found for. */
  agentId: string;
  category: StallCategory;
  latestInboundAt: string | null;
  waitingMinutes: number | null;
  assigneeNames: string[];
}

export interface StalledPage {
  rows: StalledRow[];
  pagination: { limit: number; hasMore: boolean; nextCursor: string | null };
  sources: MonitorSourceReport[];
  partial: boolean;
  /** The clock every wait of this walk is judged at (the first page's time). */
  generatedAt: string;
  thresholdMinutes: number;
  skipThreshold: boolean;
  categories: StallCategory[];
  /** Stalled conversations of the whole walk; null when a source failed (the total is unknown). */
  totalCount: number | null;
}

export interface MonitorDependencies extends PageDependencies {
  directory: AgentDirectory;
}

export interface MonitorOptions {
  /** The caller went away: the reads stop. */
  cancel?: AbortSignal;
  /** Told of each vendor call as it is taken (the caller's rate limit is charged there). */
  onCall?(calls: number, budget: CallBudget): void;
}

/**
 * One page of stalled conversations across every source of every agent in scope. Each
 * page reads every source's whole window, keeps the stalled conversations, sorts them
 * longest waiting first and resumes strictly after the cursor's last key: exact across
 * pages for every conversation that stood still, whatever the vendors' paging.
 */
export async function readStalledPage(deps: MonitorDependencies, caller: Caller, request: MonitorRequest, options: MonitorOptions = {}): Promise<StalledPage> {
  const agents = agentsInScope(deps.directory, caller, request.agentId, request.departmentId);
  const binding = monitorBinding(request, caller.org, agents.map((agent) => agent.id));
  const now = deps.now();
  const resumed = request.cursor ? decodeMonitorCursor(deps.codec, request.cursor, binding, now) : undefined;
  const asOf = resumed?.asOf ?? now;
  // Bounded like a page: the request's deadline and its vendor calls, `skipThreshold` or not.
  const budget: CallBudget = new CallBudget(deps.settings.maxVendorCallsPerRequest, (calls) => options.onCall?.(calls, budget));
  const context = readContext({ deadline: Date.now() + deps.settings.requestDeadlineMs, now: deps.now, cancel: options.cancel, budget });
  const reads = await readMonitoredSources(deps, agents, request.categories, context);
  const sources = reads.map((read) => read.report);
  const stalled = uniqueById(reads.flatMap((read) => read.candidates))
    .filter((candidate) => passesThreshold(candidate.latestInboundAt, asOf, request.thresholdMinutes, request.skipThreshold))
    .map((candidate) => ({ candidate, key: keyOf(candidate) }))
    .sort((a, b) => compareStallKeys(a.key, b.key));
  const failed = sources.filter(isFailure);
  const attempted = sources.filter((report) => report.error?.code !== 'MONITOR_UNSUPPORTED');
  if (failed.length > 0 && failed.length === attempted.length && stalled.length === 0) {
    throw new GatewayError('ALL_SOURCES_FAILED', `every source failed: ${failed.map((report) => `${report.source} ${report.error!.code}`).join('; ')}`);
  }

  const boundary = resumed?.boundary;
  const remaining = boundary ? stalled.filter((item) => compareStallKeys(item.key, boundary) > 0) : stalled;
  const page = remaining.slice(0, request.limit);
  const hasMore = remaining.length > page.length;
  const last = page[page.length - 1];
  const partial = sources.some(isTrouble);
  return {
    rows: page.map(({ candidate }) => present(candidate, asOf)),
    pagination: {
      limit: request.limit,
      hasMore,
      nextCursor:
        hasMore && last
          ? encodeMonitorCursor(deps.codec, binding, { boundary: last.key, asOf, expiresAt: now + deps.settings.cursorTtlMs })
          : null,
    },
    sources,
    partial,
    generatedAt: new Date(asOf).toISOString(),
    thresholdMinutes: request.thresholdMinutes,
    skipThreshold: request.skipThreshold,
    categories: request.categories,
    totalCount: partial ? null : stalled.length,
  };
}

function keyOf(candidate: StallCandidate): RowKey {
  return { t: candidate.latestInboundAt, id: candidate.row.id };
}

/** A conversation two agents share (same connection) is one row: the first agent by id keeps it. */
function uniqueById(candidates: StallCandidate[]): StallCandidate[] {
  const byId = new Map<string, StallCandidate>();
  for (const candidate of candidates) {
    const kept = byId.get(candidate.row.id);
    if (!kept || candidate.agentId < kept.agentId) byId.set(candidate.row.id, candidate);
  }
  return [...byId.values()];
}

function present(candidate: StallCandidate, asOf: number): StalledRow {
  const { raw: _raw, ...row } = candidate.row;
  return {
    ...row,
    agentId: candidate.agentId,
    category: candidate.category,
    latestInboundAt: candidate.latestInboundAt === null ? null : new Date(candidate.latestInboundAt).toISOString(),
    waitingMinutes: waitingMinutes(candidate.latestInboundAt, asOf),
    assigneeNames: candidate.assigneeNames,
  };
}
