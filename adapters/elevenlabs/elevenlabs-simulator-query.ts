import { asObject } from '../../src/contract/index.js';
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

export interface CursorPosition {
  start: number;
  id: string;
}

export interface ListQuery {
  agentId?: string;
  after?: CursorPosition;
  pageSize: number;
  startBefore?: number;
  startAfter?: number;
  durationMin?: number;
  durationMax?: number;
  ratingMin?: number;
  ratingMax?: number;
  callSuccessful?: string;
  userId?: string;
  mainLanguages: string[];
  tagIds: string[];
  excludeStatuses: string[];
  includeSummary: boolean;
  initiationSource?: string;
  branchId?: string;
  /** Lower-cased text searched in the summary title and summary. */
  search?: string;
  ascending: boolean;
}

// ---------------------------------------------------------------- order and cursor

export function positionOf(record: ElevenLabsConversation): CursorPosition {
  return { start: record.start_time_unix_secs ?? 0, id: record.conversation_id ?? '' };
}

/** Negative when `a` comes first: call start descending, then conversation id descending. */
export function compareOrder(a: CursorPosition, b: CursorPosition): number {
  if (a.start !== b.start) return b.start - a.start;
  return a.id === b.id ? 0 : a.id > b.id ? -1 : 1;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify({ s: position.start, i: position.id }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): CursorPosition | undefined {
  try {
    const value = asObject(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (Number.isInteger(value.s) && typeof value.i === 'string') return { start: value.s as number, id: value.i };
  } catch {
    // falls through to "invalid"
  }
  return undefined;
}

// ---------------------------------------------------------------- query

function enumMessage(allowed: readonly string[]): string {
  return `Input should be ${allowed.map((value) => `'${value}'`).join(', ')}`;
}

/** FastAPI-style validation: every bad parameter is reported, then the request is a 422. */
class QueryReader {
  readonly issues: ElevenLabsValidationIssue[] = [];

  constructor(private readonly query: URLSearchParams) {}

  text(name: string): string | undefined {
    return this.query.get(name) ?? undefined;
  }

  integer(name: string, min?: number, max?: number): number | undefined {
    const raw = this.query.get(name);
    if (raw === null) return undefined;
    if (!/^[+-]?\d+$/.test(raw.trim())) {
      this.fail(name, 'Input should be a valid integer, unable to parse string as an integer', 'int_parsing');
      return undefined;
    }
    const value = Number(raw);
    if (min !== undefined && value < min) {
      return this.fail(name, `Input should be greater than or equal to ${min}`, 'greater_than_equal');
    }
    if (max !== undefined && value > max) {
      return this.fail(name, `Input should be less than or equal to ${max}`, 'less_than_equal');
    }
    return value;
  }

  choice(name: string, allowed: readonly string[]): string | undefined {
    const raw = this.query.get(name);
    if (raw === null) return undefined;
    return allowed.includes(raw) ? raw : this.fail(name, enumMessage(allowed), 'enum');
  }

  list(name: string, allowed?: readonly string[]): string[] {
    const values = this.query.getAll(name);
    values.forEach((value, index) => {
      if (allowed && !allowed.includes(value)) this.fail(name, enumMessage(allowed), 'enum', index);
    });
    return values;
  }

  fail(name: string, msg: string, type: string, index?: number): undefined {
    this.issues.push({ loc: index === undefined ? ['query', name] : ['query', name, index], msg, type });
    return undefined;
  }
}

export function readQuery(query: URLSearchParams): ListQuery | ElevenLabsValidationIssue[] {
  const reader = new QueryReader(query);
  const cursor = reader.text('cursor');
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  if (cursor !== undefined && after === undefined) reader.fail('cursor', 'Invalid cursor', 'value_error');
  const parsed: ListQuery = {
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
    if (query.has(name)) reader.fail(name, 'This filter is not simulated: the simulator holds no data for it', 'value_error');
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
  if (query.durationMin !== undefined && duration < query.durationMin) return false;
  if (query.durationMax !== undefined && duration > query.durationMax) return false;
  if ((query.ratingMin !== undefined || query.ratingMax !== undefined) && rating === null) return false;
  if (query.ratingMin !== undefined && rating! < query.ratingMin) return false;
  if (query.ratingMax !== undefined && rating! > query.ratingMax) return false;
  if (query.callSuccessful !== undefined && record.call_successful !== query.callSuccessful) return false;
  if (query.userId !== undefined && record.user_id !== query.userId) return false;
  if (query.mainLanguages.length > 0 && !query.mainLanguages.includes(record.main_language ?? '')) return false;
  if (query.tagIds.length > 0 && !(record.tag_ids ?? []).some((tag) => query.tagIds.includes(tag))) return false;
  if (query.excludeStatuses.includes(record.status ?? '')) return false;
  if (query.branchId !== undefined && record.branch_id !== query.branchId) return false;
  if (query.search !== undefined && ![record.call_summary_title, record.transcript_summary].some((text) => text?.toLowerCase().includes(query.search!))) return false;
  return query.initiationSource === undefined || record.conversation_initiation_source === query.initiationSource;
}
