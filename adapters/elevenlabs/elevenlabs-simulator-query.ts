import { QueryReader, decodeKeyset, inWindow, type OrderPosition, type QueryProblem } from '../../src/contract/testing.js';
import type { ElevenLabsConversation, ElevenLabsValidationIssue } from './elevenlabs-types.js';

/**
 * How the ElevenLabs simulator reads `GET /v1/convai/conversations`: FastAPI-style query
 * validation (every bad parameter reported, then a 422), the keyset cursor and the filters.
 */

export const STATUSES = ['initiated', 'in-progress', 'processing', 'done', 'failed'] as const;
export const SUCCESS_RESULTS = ['success', 'failure', 'unknown', 'error'] as const;
export const SORT_DIRECTIONS = ['asc', 'desc'] as const;
export const SUMMARY_MODES = ['exclude', 'include'] as const;
/** Every value of the SDK's `ConversationInitiationSource` (a value outside it is a 422). */
export const INITIATION_SOURCES = [
  'unknown', 'android_sdk', 'node_js_sdk', 'react_native_sdk', 'react_sdk', 'js_sdk', 'python_sdk',
  'widget', 'sip_trunk', 'twilio', 'exotel', 'genesys', 'avaya', 'audiocodes', 'swift_sdk', 'whatsapp',
  'twilio_sms', 'flutter_sdk', 'zendesk_integration', 'slack_integration', 'telegram_integration',
  'intercom_integration', 'freshdesk_integration', 'salesforce_integration', 'template_preview',
  'genesys_bot_connector', 'subagent_tool',
] as const;

/**
 * Filters the vendor documents whose data the simulator does not hold (evaluations, data
 * collection, topics, tools, guardrails, ...). A request using one is a 422 naming it, so a
 * test can never believe such a filter was applied when it was silently ignored.
 */
export const UNSIMULATED_PARAMETERS = [
  'visited_agent_ids', 'visited_agent_branch_ids', 'triggered_procedure_ids', 'has_feedback_comment',
  'evaluation_params', 'data_collection_params', 'dynamic_variable_params', 'data_collection_ids',
  'evaluation_criteria_ids', 'tool_names', 'tool_names_successful', 'tool_names_errored',
  'include_invalid_tool_calls', 'text_only', 'conversation_product_type', 'version_id',
  'parent_conversation_id', 'topic_ids', 'workflow_node_entered_id', 'termination_reasons',
  'guardrail_types', 'custom_guardrail_names',
] as const;

/** The list query as the simulator reads it. */
export type ListQuery = Exclude<ReturnType<typeof readQuery>, ElevenLabsValidationIssue[]>;

/** The opaque cursor: the last item's (start, id) as `{ s, i }`. */
function readCursor({ s: start, i: id }: Record<string, unknown>): OrderPosition | undefined {
  return Number.isInteger(start) && typeof id === 'string' ? { at: start as number, id } : undefined;
}

// ---------------------------------------------------------------- query

/** A FastAPI (pydantic) validation issue. */
function issueOf(name: string, problem: QueryProblem, index?: number): ElevenLabsValidationIssue {
  const [msg, type] =
    problem.kind === 'integer' ? ['Input should be a valid integer, unable to parse string as an integer', 'int_parsing']
    : problem.kind === 'min' ? [`Input should be greater than or equal to ${problem.bound}`, 'greater_than_equal']
    : problem.kind === 'max' ? [`Input should be less than or equal to ${problem.bound}`, 'less_than_equal']
    : problem.kind === 'choice' ? [`Input should be ${problem.allowed.map((value) => `'${value}'`).join(', ')}`, 'enum']
    : [problem.kind === 'invalid' ? problem.message : `Invalid ${name}`, 'value_error'];
  return { loc: index === undefined ? ['query', name] : ['query', name, index], msg, type };
}

/** FastAPI-style validation: every bad parameter is reported, then the request is a 422. */
export function readQuery(query: URLSearchParams) {
  const reader = new QueryReader(query, issueOf);
  const cursor = reader.text('cursor');
  const after = cursor === undefined ? undefined : decodeKeyset(cursor, readCursor);
  if (cursor !== undefined && after === undefined) reader.fail('cursor', { kind: 'invalid', message: 'Invalid cursor' });
  const parsed = {
    agentId: reader.text('agent_id'),
    after,
    pageSize: reader.integer('page_size', 1, 100) ?? 30,
    startBefore: reader.integer('call_start_before_unix'),
    startAfter: reader.integer('call_start_after_unix'),
    durationMin: reader.integer('call_duration_min_secs'),
    durationMax: reader.integer('call_duration_max_secs'),
    ratingMin: reader.integer('rating_min', 1, 5),
    ratingMax: reader.integer('rating_max', 1, 5),
    callSuccessful: reader.choice('call_successful', SUCCESS_RESULTS),
    userId: reader.text('user_id'),
    mainLanguages: reader.list('main_languages'),
    tagIds: reader.list('tag_ids'),
    excludeStatuses: reader.list('exclude_statuses', STATUSES),
    includeSummary: reader.choice('summary_mode', SUMMARY_MODES) === 'include',
    initiationSource: reader.choice('conversation_initiation_source', INITIATION_SOURCES),
    branchId: reader.text('branch_id'),
    search: reader.text('search')?.toLowerCase(),
    ascending: reader.choice('sort_direction', SORT_DIRECTIONS) === 'asc',
  };
  for (const name of UNSIMULATED_PARAMETERS) {
    if (query.has(name)) reader.fail(name, { kind: 'invalid', message: 'This filter is not simulated: the simulator holds no data for it' });
  }
  return reader.issues.length > 0 ? reader.issues : parsed;
}

export function matches(record: ElevenLabsConversation, query: ListQuery): boolean {
  const start = record.start_time_unix_secs ?? 0;
  const duration = record.call_duration_secs ?? 0;
  const rating = record.rating ?? null;
  if (query.agentId !== undefined && record.agent_id !== query.agentId) return false;
  if (query.startAfter !== undefined && !(start > query.startAfter)) return false;
  if (query.startBefore !== undefined && !(start < query.startBefore)) return false;
  if (!inWindow(duration, query.durationMin, query.durationMax)) return false;
  // A rating bound drops unrated calls.
  if (!inWindow(rating ?? Number.NaN, query.ratingMin, query.ratingMax)) return false;
  if (query.callSuccessful !== undefined && record.call_successful !== query.callSuccessful) return false;
  if (query.userId !== undefined && record.user_id !== query.userId) return false;
  if (query.mainLanguages.length > 0 && !query.mainLanguages.includes(record.main_language ?? '')) return false;
  if (query.tagIds.length > 0 && !(record.tag_ids ?? []).some((tag) => query.tagIds.includes(tag))) return false;
  if (query.excludeStatuses.includes(record.status ?? '')) return false;
  if (query.branchId !== undefined && record.branch_id !== query.branchId) return false;
  if (query.search !== undefined && ![record.call_summary_title, record.transcript_summary].some((text) => text?.toLowerCase().includes(query.search!))) return false;
  return query.initiationSource === undefined || record.conversation_initiation_source === query.initiationSource;
}
