import {
  CONTACT_NAMES,
  asObject,
  PREVIEWS,
  createVendorSimulator,
  TAGS,
  createRandom,
  gridTime,
  seedFor,
  slug,
  type Random,
  type SimulatorFactory,
  type SimulatorRequest,
  type SimulatorResponse,
  type SourceBinding,
  type StallProbe,
} from '../../src/contract/index.js';
import { ELEVENLABS_CONVERSATIONS_PATH } from './elevenlabs-adapter.js';
import { plantElevenLabsStallProbes } from './elevenlabs-stall-probes.js';
import type { ElevenLabsConversation, ElevenLabsValidationIssue } from './elevenlabs-types.js';

/**
 * A simulator of ElevenLabs `GET /v1/convai/conversations` (seed 004). The documented base
 * URL `https://api.elevenlabs.io` has no path prefix, so the base path is empty.
 *
 * Semantics decided where the seed is silent:
 * - order: call start descending, ties by `conversation_id` descending;
 * - cursor: opaque base64url keyset of the last item's (start, id), so rows inserted at
 *   the top never shift later pages; an undecodable cursor is a 422;
 * - `call_start_after_unix` / `call_start_before_unix` are both exclusive; the duration
 *   and rating bounds are inclusive; a rating bound drops unrated calls;
 * - `summary_mode=include` adds `transcript_summary`; with `exclude` the field is absent;
 * - `evaluation_params`, `data_collection_params`, `search`, `branch_id`, `topic_ids`
 *   and unknown parameters are accepted and ignored.
 */

const VENDOR = 'elevenlabs';
const MINUTE = 60_000;
const STATUSES = ['initiated', 'in-progress', 'processing', 'done', 'failed'] as const;
const LIVE_STATUSES = ['initiated', 'in-progress', 'processing'] as const;
const SUCCESS_RESULTS = ['success', 'failure', 'unknown'] as const;
const SUMMARY_MODES = ['exclude', 'include'] as const;
const INITIATION_SOURCES = [
  'unknown', 'android_sdk', 'node_js_sdk', 'react_native_sdk', 'react_sdk', 'js_sdk', 'python_sdk',
  'widget', 'sip_trunk', 'twilio', 'twilio_sms', 'genesys', 'swift_sdk', 'whatsapp', 'flutter_sdk',
] as const;
/** Weighted toward phone calls, the usual case. */
const GENERATED_SOURCES = [
  'twilio', 'twilio', 'twilio', 'sip_trunk', 'widget', 'widget', 'whatsapp', 'twilio_sms', 'unknown', 'js_sdk',
];
const PHONE_SOURCES = new Set(['twilio', 'sip_trunk', 'whatsapp', 'twilio_sms']);
const LANGUAGES = ['en', 'en', 'en', 'de', 'fr', 'es', 'ja', 'tr', 'vi', 'pl', 'ar', 'zh'];
const AGENT_NAMES = ['Support line', 'Réception — Paris', 'Kundenservice Zürich', 'Sales desk 🚀'];

interface CursorPosition {
  start: number;
  id: string;
}

interface ListQuery {
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
}

// ---------------------------------------------------------------- data

function agentIdOf(binding: SourceBinding): string {
  return String(binding.agentId ?? binding.connection);
}

function generateConversation(
  random: Random,
  agentId: string,
  agentName: string,
  startMs: number,
  now: number,
): ElevenLabsConversation {
  const ageSeconds = Math.floor((now - startMs) / 1000);
  const live = ageSeconds < 1800 && random.chance(0.5);
  const status = live ? random.pick(LIVE_STATUSES) : random.chance(0.1) ? 'failed' : 'done';
  // A call never ends after "now"; a call in progress reports its duration so far.
  const ended = random.int(5, Math.max(5, Math.min(1800, ageSeconds)));
  const duration = status === 'in-progress' ? Math.max(5, ageSeconds) : ended;
  const name = random.pick(CONTACT_NAMES);
  const topic = random.pick(PREVIEWS);
  const source = random.pick(GENERATED_SOURCES);
  const record: ElevenLabsConversation = {
    agent_id: agentId,
    agent_name: agentName,
    conversation_id: `conv_${random.hex(24)}`,
    start_time_unix_secs: Math.floor(startMs / 1000),
    call_duration_secs: duration,
    message_count: status === 'initiated' ? 0 : 1 + Math.floor(duration / random.int(8, 20)),
    status,
    call_successful: live ? 'unknown' : random.pick(['success', 'success', 'success', 'failure', 'unknown']),
    transcript_summary: live || random.chance(0.1) ? null : `${name} called: “${topic}” The agent handled the request.`,
    call_summary_title: live || random.chance(0.1) ? null : topic,
    rating: !live && random.chance(0.5) ? random.int(1, 5) : null,
    conversation_initiation_source: source,
  };
  const directionKnown = PHONE_SOURCES.has(source) ? random.chance(0.9) : random.chance(0.3);
  if (directionKnown) record.direction = random.chance(0.75) ? 'inbound' : 'outbound';
  if (random.chance(0.9)) record.main_language = random.pick(LANGUAGES);
  if (random.chance(0.4)) record.user_id = slug(name.normalize('NFKD').replace(/\p{M}+/gu, ''));
  if (random.chance(0.4)) record.tag_ids = [...new Set([`tag_${random.pick(TAGS)}`, `tag_${random.pick(TAGS)}`])];
  return record;
}

function generateAgent(seed: number, agentId: string, count: number, now: number): ElevenLabsConversation[] {
  const random = createRandom(seedFor(seed, VENDOR, agentId));
  const agentName = random.pick(AGENT_NAMES);
  const spanMinutes = Math.max(10, count * 4);
  const records: ElevenLabsConversation[] = [];
  let previousStart: number | undefined;
  for (let index = 0; index < count; index += 1) {
    // About one call in ten starts in the same second as the one before: exact ties.
    const tie = previousStart !== undefined && random.chance(0.1);
    const startMs = tie ? previousStart! : gridTime(random, now, spanMinutes);
    records.push(generateConversation(random, agentId, agentName, startMs, now));
    previousStart = startMs;
  }
  return records;
}

// ---------------------------------------------------------------- order and cursor

function positionOf(record: ElevenLabsConversation): CursorPosition {
  return { start: record.start_time_unix_secs ?? 0, id: record.conversation_id ?? '' };
}

/** Negative when `a` comes first: call start descending, then conversation id descending. */
function compareOrder(a: CursorPosition, b: CursorPosition): number {
  if (a.start !== b.start) return b.start - a.start;
  return a.id === b.id ? 0 : a.id > b.id ? -1 : 1;
}

function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify({ s: position.start, i: position.id }), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): CursorPosition | undefined {
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

function readQuery(query: URLSearchParams): ListQuery | ElevenLabsValidationIssue[] {
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
  };
  return reader.issues.length > 0 ? reader.issues : parsed;
}

function matches(record: ElevenLabsConversation, query: ListQuery): boolean {
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
  return query.initiationSource === undefined || record.conversation_initiation_source === query.initiationSource;
}

/** A list item as the vendor sends it: the transcript summary only on request. */
function present(record: ElevenLabsConversation, includeSummary: boolean): ElevenLabsConversation {
  const { transcript_summary: summary, ...item } = record;
  return includeSummary ? { ...item, transcript_summary: summary ?? null } : item;
}

// ---------------------------------------------------------------- server

function detailError(status: number, code: string, message: string): SimulatorResponse {
  return { status, body: { detail: { status: code, message } } };
}

export const createElevenLabsSimulator: SimulatorFactory = (options) => {
  const conversations = new Map<string, ElevenLabsConversation[]>();
  const probes = new Map<string, StallProbe[]>();
  for (const agent of options.agents) {
    const agentId = agentIdOf(agent.binding);
    const records = generateAgent(options.seed, agentId, agent.count, options.now);
    probes.set(agentId, plantElevenLabsStallProbes(records, options.now));
    conversations.set(agentId, records);
  }
  let inserted = 0;

  const ordered = (records: ElevenLabsConversation[]): ElevenLabsConversation[] =>
    [...records].sort((a, b) => compareOrder(positionOf(a), positionOf(b)));

  function list(request: SimulatorRequest): SimulatorResponse {
    const key = request.headers['xi-api-key'];
    if (key === undefined || key === '') return detailError(401, 'invalid_api_key', 'No xi-api-key header was sent.');
    if (key !== options.credential) return detailError(401, 'invalid_api_key', 'Invalid API key');
    const query = readQuery(request.query);
    if (Array.isArray(query)) return { status: 422, body: { detail: query } };
    const after = query.after;
    const candidates = ordered([...conversations.values()].flat()).filter(
      (record) => matches(record, query) && (after === undefined || compareOrder(positionOf(record), after) > 0),
    );
    const page = candidates.slice(0, query.pageSize);
    const hasMore = candidates.length > page.length;
    return {
      status: 200,
      body: {
        conversations: page.map((record) => present(record, query.includeSummary)),
        next_cursor: hasMore ? encodeCursor(positionOf(page[page.length - 1]!)) : null,
        has_more: hasMore,
      },
    };
  }

  return createVendorSimulator({
    vendor: VENDOR,
    seed: options.seed,
    basePath: '',
    routes: [{ method: 'GET', pattern: new RegExp(`^${ELEVENLABS_CONVERSATIONS_PATH}/?$`), handle: list }],
    notFound: () => detailError(404, 'not_found', 'Not Found'),
    insertNewest(binding) {
      const agentId = agentIdOf(binding);
      const records = conversations.get(agentId) ?? [];
      conversations.set(agentId, records);
      // Later than every call's start and end, on the minute grid.
      const endsMs = records.map((record) => ((record.start_time_unix_secs ?? 0) + (record.call_duration_secs ?? 0)) * 1000);
      const latestMs = Math.max(options.now, ...endsMs);
      const startMs = Math.ceil(latestMs / MINUTE) * MINUTE + MINUTE;
      inserted += 1;
      const random = createRandom(seedFor(options.seed, VENDOR, agentId, 'insert', inserted));
      const agentName = records[0]?.agent_name ?? random.pick(AGENT_NAMES);
      const record = generateConversation(random, agentId, agentName, startMs, startMs + MINUTE);
      records.push(record);
      return present(record, false);
    },
    stallProbes: (binding) => structuredClone(probes.get(agentIdOf(binding)) ?? []),
    visibleRecords(binding) {
      return ordered(conversations.get(agentIdOf(binding)) ?? []).map((record) => present(record, false));
    },
  });
};
