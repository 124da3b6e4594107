import {
  detailBelongsToBinding,
  isDetailRead,
  RecordMappingError,
  transcriptSupport,
  type ConversationAnalysis,
  type DetailRead,
  type MappedDetail,
  type Message,
  type Row,
} from '../contract/index.js';
import type { AgentSource, LogicalAgent } from '../agents/agent-directory.js';
import { GatewayError } from '../errors.js';
import { rowOf } from '../merge/mapped-page.js';
import { MergedWalk } from '../merge/merged-walk.js';
import { SourceWalk } from '../merge/source-walk.js';
import { NO_USAGE, withRead, type SourceUsage } from '../merge/source-usage.js';
import { CallBudget } from '../upstream/call-budget.js';
import { cutOffOf, isCutOff, readContext, type ReadContext } from '../upstream/read-context.js';
import type { VendorClient } from '../upstream/vendor-client.js';
import { VendorFailure } from '../upstream/vendor-failure.js';
import type { FinishedDetails } from './finished-details.js';
import type { PageDependencies } from './page-request.js';
import type { PageOptions } from './read-conversations-page.js';
import { sourcePageReader } from './source-page-reader.js';
import type { SourceReport } from './source-report.js';

/** `transcript.status`: read (`ok`), none published by the vendor (`unsupported`), none for this conversation yet (`unavailable`). */
export type TranscriptStatus = 'ok' | 'unsupported' | 'unavailable';

/** `GET /v1/agents/{agentId}/conversations/{rowId}`: the row and what was said in it. */
export interface ConversationDetail {
  row: Row;
  /** In spoken order, one shape for every vendor; empty unless `transcript.status` is `ok`. */
  messages: Message[];
  recordingUrl: string | null;
  summary: string | null;
  analysis: ConversationAnalysis | null;
  transcript: { status: TranscriptStatus; reason?: string };
  source: SourceReport;
  /** `include=raw`: the vendor's detail record(s), by read. */
  raw?: Record<string, unknown>;
}

export interface DetailRequest {
  agent: LogicalAgent;
  /** `<source>:<vendor conversation id>`, as the list's `id`. */
  rowId: string;
  includeRaw: boolean;
}

export interface DetailDependencies extends PageDependencies {
  /** Details of finished conversations, kept long (`connection.detailCacheTtlMs`). */
  finishedDetails: FinishedDetails;
}

/** A detail as read: what was mapped, the vendor's bodies, and what reading it cost. */
export interface DetailResult {
  detail: MappedDetail;
  bodies: Record<string, unknown>;
  usage: SourceUsage;
  cached: boolean;
}

/**
 * One conversation of an agent: its source must be bound to the agent, the vendor's record
 * must belong to the binding (another agent's conversation, or another org's row id, is a
 * 404 with nothing of the vendor's answer), and the reads go through the one pipeline with
 * the request's deadline, call budget and caller. A vendor with no detail read gives the
 * row from a walk of its list (within the same budget) and says the transcript is unsupported.
 */
export async function readConversationDetail(deps: DetailDependencies, request: DetailRequest, options: PageOptions = {}): Promise<ConversationDetail> {
  const { source, conversationId } = sourceOf(request.agent, request.rowId);
  const budget: CallBudget = new CallBudget(deps.settings.maxVendorCallsPerRequest, (calls) => options.onCall?.(calls, budget));
  const context = readContext({ deadline: Date.now() + deps.settings.requestDeadlineMs, now: deps.now, cancel: options.cancel, org: request.agent.org, budget });
  const { adapter } = source.runtime;
  const detail = adapter.detail;
  if (!isDetailRead(detail)) return rowFromList(deps, source, request, context, transcriptSupport(detail));
  let read: DetailResult;
  try {
    read = await readDetail(deps.client, deps.finishedDetails, source, detail, conversationId, context);
  } catch (error) {
    throw failureOf(source, VendorFailure.from(error));
  }
  if (!detailBelongsToBinding(detail, read.detail, adapter.vendorAgentId(source.runtime.binding))) throw notFound();
  const row = rowOf(source.runtime, adapter.vendorAgentId(source.runtime.binding), read.detail.row, read.bodies);
  if (row.conversationId !== conversationId) throw notFound();
  const support = transcriptSupport(detail);
  const transcript = !support.supported
    ? { status: 'unsupported' as const, reason: support.reason }
    : read.detail.messages.length === 0
      ? { status: 'unavailable' as const, reason: 'the vendor has no transcript for this conversation (yet)' }
      : { status: 'ok' as const };
  return {
    row: presentDetailRow(row, request.includeRaw),
    messages: transcript.status === 'ok' ? read.detail.messages : [],
    recordingUrl: read.detail.recordingUrl,
    summary: row.summary,
    analysis: read.detail.analysis,
    transcript,
    source: reportOf(source, read.usage, read.cached),
    ...(request.includeRaw ? { raw: read.bodies } : {}),
  };
}

/**
 * A conversation's detail through the pipeline: every read of the adapter at once, each
 * body parsed by its own read, all mapped. A finished conversation no longer changes: its
 * detail is kept (`finishedDetails`) and served from there.
 */
export async function readDetail(
  client: VendorClient,
  finished: FinishedDetails,
  source: AgentSource,
  detail: DetailRead,
  conversationId: string,
  context: ReadContext,
): Promise<DetailResult> {
  const { connection, runtime } = source;
  const kept = await finished.find(connection, conversationId);
  if (kept) return { ...kept, usage: NO_USAGE, cached: true };
  const requestContext = { binding: runtime.binding, credential: connection.credential, conversationId };
  let usage = NO_USAGE;
  const steps = Object.entries(detail.reads);
  const parsed = await Promise.all(
    steps.map(async ([name, step]) => {
      const started = Date.now();
      try {
        const response = await client.read(connection, step.buildRequest(requestContext), context, {
          kind: `detail:${name}`,
          read: (body, bytes) => ({ value: { body, parsed: step.parse(body) }, sizeBytes: bytes * 3 }),
        });
        usage = withRead(usage, Date.now() - started, response);
        return [name, response.value] as const;
      } catch (error) {
        usage = withRead(usage, Date.now() - started, { failedAfter: VendorFailure.from(error).requests });
        throw error;
      }
    }),
  );
  let mapped: MappedDetail;
  try {
    mapped = detail.map(Object.fromEntries(parsed.map(([name, value]) => [name, value.parsed])), { binding: runtime.binding });
  } catch (error) {
    if (error instanceof RecordMappingError || error instanceof TypeError) throw new VendorFailure('VENDOR_BAD_RESPONSE', `the conversation could not be mapped: ${error.message}`);
    throw error;
  }
  const bodies = Object.fromEntries(parsed.map(([name, value]) => [name, value.body]));
  if (isFinished(mapped)) await finished.keep(connection, conversationId, { detail: mapped, bodies });
  return { detail: mapped, bodies, usage, cached: usage.requests === 0 && usage.pages > 0 && usage.cached };
}

/** A conversation that ended does not change any more. */
function isFinished(detail: MappedDetail): boolean {
  const { row } = detail;
  return row.endedAt !== null || row.conversationState === 'resolved' || row.conversationState === 'failed';
}

/** The row id's source, bound to the agent; else no such conversation (a row id of another agent, or org, says nothing). */
function sourceOf(agent: LogicalAgent, rowId: string): { source: AgentSource; conversationId: string } {
  const colon = rowId.indexOf(':');
  const source = colon > 0 ? agent.sources.find((candidate) => candidate.runtime.name === rowId.slice(0, colon)) : undefined;
  const conversationId = rowId.slice(colon + 1);
  if (!source || conversationId === '') throw notFound();
  return { source, conversationId };
}

/**
 * A vendor with no detail read: the row from the source's own list, walked through the
 * engine until it shows, within the request's budget.
 */
async function rowFromList(
  deps: PageDependencies,
  source: AgentSource,
  request: DetailRequest,
  context: ReadContext,
  support: { supported: true } | { supported: false; reason: string },
): Promise<ConversationDetail> {
  const walk = new SourceWalk(source.runtime, undefined, sourcePageReader(deps.client, source, {}, false, context), {
    filters: {},
    maxPages: deps.settings.maxPagesPerRequest,
    mayRead: () => !isCutOff(context) && !context.budget.exhausted,
  });
  const merged = new MergedWalk([walk], undefined, { mustStop: () => cutOffOf(context) !== undefined, callsSpent: () => context.budget.exhausted });
  for (let next = await merged.next(); next; next = await merged.next()) {
    if (next.row.id !== request.rowId) continue;
    merged.close();
    return {
      row: presentDetailRow(next.row, request.includeRaw),
      messages: [],
      recordingUrl: null,
      summary: next.row.summary,
      analysis: null,
      transcript: { status: 'unsupported', reason: support.supported ? 'the vendor has no detail read' : support.reason },
      source: reportOf(source, walk.usage, walk.usage.cached),
      ...(request.includeRaw ? { raw: { record: next.row.raw } } : {}),
    };
  }
  if (walk.failed) throw failureOf(source, walk.failed);
  if (merged.state === 'stopped') {
    throw new GatewayError(
      'ALL_SOURCES_FAILED',
      `${source.runtime.name} has no read by id: the conversation was not among the rows its list gave within this request's vendor calls or deadline`,
    );
  }
  throw notFound();
}

function presentDetailRow(row: Row, includeRaw: boolean): Row {
  if (includeRaw) return row;
  const { raw: _raw, ...rest } = row;
  return rest;
}

function reportOf(source: AgentSource, usage: SourceUsage, cached: boolean): SourceReport {
  return {
    source: source.runtime.name,
    vendor: source.runtime.adapter.vendor,
    status: 'ok',
    requests: usage.requests,
    latencyMs: usage.latencyMs,
    skipped: 0,
    cached,
    stale: usage.staleBecause !== undefined,
    ...(usage.fetchedAt === undefined ? {} : { fetchedAt: new Date(usage.fetchedAt).toISOString() }),
  };
}

/** The vendor's 404 is no such conversation (nothing of its answer is passed on); any other failure is the source's. */
function failureOf(source: AgentSource, failure: VendorFailure): GatewayError {
  if (failure.code === 'VENDOR_NOT_FOUND') return notFound();
  return new GatewayError('ALL_SOURCES_FAILED', `the conversation's source failed: ${source.runtime.name} ${failure.code}: ${failure.message}`);
}

function notFound(): GatewayError {
  return new GatewayError('CONVERSATION_NOT_FOUND');
}
