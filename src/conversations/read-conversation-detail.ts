import { detailBelongsToBinding, isDetailRead, transcriptSupport, type ConversationAnalysis, type Message, type Row } from '../contract/index.js';
import type { AgentSource, LogicalAgent } from '../agents/agent-directory.js';
import { GatewayError } from '../errors.js';
import { rowOf } from '../merge/mapped-page.js';
import { MergedWalk } from '../merge/merged-walk.js';
import { SourceWalk } from '../merge/source-walk.js';
import { CallBudget } from '../upstream/call-budget.js';
import { cutOffOf, isCutOff, readContext, type ReadContext } from '../upstream/read-context.js';
import { VendorFailure } from '../upstream/vendor-failure.js';
import type { FinishedDetails } from './finished-details.js';
import type { PageDependencies } from './page-request.js';
import { failedTranscript, readDetail, transcriptOf, type DetailResult, type TranscriptReport } from './read-detail.js';
import type { PageOptions } from './read-conversations-page.js';
import { sourcePageReader } from './source-page-reader.js';
import { reportOfUsage, type SourceReport } from './source-report.js';

/** `GET /v1/agents/{agentId}/conversations/{rowId}`: the row and what was said in it. */
export interface ConversationDetail {
  row: Row;
  /** In spoken order, one shape for every vendor; empty unless `transcript.status` is `ok`. */
  messages: Message[];
  recordingUrl: string | null;
  summary: string | null;
  analysis: ConversationAnalysis | null;
  transcript: TranscriptReport;
  source: SourceReport;
  /** The row came from the list because the detail read failed: its transcript is `error`. */
  partial: boolean;
  /** `include=raw`: the vendor's detail record(s) by read, or the list's record (`record`). */
  raw?: Record<string, unknown>;
  /** Not answered: until when this answer may be served again as it is (a kept detail), else null. */
  freshUntil: number | null;
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

/**
 * One conversation of an agent. Its source must be bound to the agent and the vendor's
 * record must belong to the binding: another agent's conversation, or another org's row
 * id, is a 404 with nothing of the vendor's answer. Every read goes through the one
 * pipeline with the request's deadline, call budget and caller. A vendor with no detail
 * read gives the row from a walk of its list and says the transcript is unsupported; a
 * detail read that fails does the same, with the transcript's `error` and the source's
 * status (a partial answer), unless the list fails too.
 */
export async function readConversationDetail(deps: DetailDependencies, request: DetailRequest, options: PageOptions = {}): Promise<ConversationDetail> {
  const { source, conversationId } = sourceOf(request.agent, request.rowId);
  const budget: CallBudget = new CallBudget(deps.settings.maxVendorCallsPerRequest, (calls) => options.onCall?.(calls, budget));
  const context = readContext({ deadline: Date.now() + deps.settings.requestDeadlineMs, now: deps.now, cancel: options.cancel, org: request.agent.org, budget });
  const { adapter, binding } = source.runtime;
  const detail = adapter.detail;
  if (!isDetailRead(detail)) {
    const support = transcriptSupport(detail);
    return rowFromList(deps, source, request, context, { status: 'unsupported', reason: support.supported ? 'the vendor has no detail read' : support.reason });
  }
  let read: DetailResult;
  try {
    read = await readDetail(deps.client, deps.finishedDetails, source, detail, conversationId, context);
  } catch (error) {
    const failure = VendorFailure.from(error);
    if (failure.code === 'VENDOR_NOT_FOUND') throw notFound();
    if (failure.cutOff) throw failureOf(source, failure);
    return rowFromList(deps, source, request, context, failedTranscript(failure), failure);
  }
  const agentId = adapter.vendorAgentId(binding);
  if (!detailBelongsToBinding(detail, read.detail, agentId)) throw notFound();
  const { raw: _raw, ...row } = rowOf(source.runtime, agentId, read.detail.row, undefined);
  if (row.conversationId !== conversationId) throw notFound();
  return {
    row,
    ...transcriptOf(detail, read.detail),
    recordingUrl: read.detail.recordingUrl,
    summary: row.summary,
    analysis: read.detail.analysis,
    source: reportOfUsage(source.runtime, read.usage, { cached: read.cached }),
    partial: false,
    ...(request.includeRaw ? { raw: read.bodies } : {}),
    freshUntil: read.kept ? Date.now() + source.connection.detailCacheTtlMs : null,
  };
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
 * The row from the source's own list, walked through the engine until it shows, within
 * the request's budget and deadline: for a vendor with no detail read, or one whose detail
 * read failed (`failed`: reported on the source, the answer is partial).
 */
async function rowFromList(
  deps: PageDependencies,
  source: AgentSource,
  request: DetailRequest,
  context: ReadContext,
  transcript: TranscriptReport,
  failed?: VendorFailure,
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
    const { raw, ...row } = next.row;
    const report = reportOfUsage(source.runtime, walk.usage);
    return {
      row,
      messages: [],
      recordingUrl: null,
      summary: row.summary,
      analysis: null,
      transcript,
      source: failed ? { ...report, status: failed.status, error: { code: failed.code, message: failed.message } } : report,
      partial: failed !== undefined,
      ...(request.includeRaw ? { raw: { record: raw } } : {}),
      freshUntil: null,
    };
  }
  const failure = failed ?? walk.failed;
  if (failure) throw failureOf(source, failure);
  if (merged.state === 'stopped') {
    throw new GatewayError(
      'ALL_SOURCES_FAILED',
      `${source.runtime.name} has no read by id: the conversation was not among the rows its list gave within this request's vendor calls or deadline`,
    );
  }
  throw notFound();
}

/** No row to answer: the source's failure, in the list's envelope and codes. */
function failureOf(source: AgentSource, failure: VendorFailure): GatewayError {
  return new GatewayError('ALL_SOURCES_FAILED', `the conversation's source failed: ${source.runtime.name} ${failure.code}: ${failure.message}`);
}

function notFound(): GatewayError {
  return new GatewayError('CONVERSATION_NOT_FOUND');
}
