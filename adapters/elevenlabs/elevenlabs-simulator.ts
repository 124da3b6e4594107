import { type SimulatorFactory, type SourceBinding, type StallProbe } from '../../src/contract/index.js';
import { CONTACT_NAMES, PREVIEWS, createVendorSimulator, TAGS, createRandom, gridTime, seedFor, slug, type Random, type SimulatorRequest, type SimulatorResponse } from '../../src/contract/testing.js';
import { ELEVENLABS_CONVERSATIONS_PATH } from './elevenlabs-adapter.js';
import { elevenlabsDetailOf } from './elevenlabs-simulator-detail.js';
import { compareOrder, encodeCursor, matches, positionOf, readQuery } from './elevenlabs-simulator-query.js';
import { plantElevenLabsStallProbes } from './elevenlabs-stall-probes.js';
import type { ElevenLabsConversation } from './elevenlabs-types.js';

/**
 * A simulator of ElevenLabs `GET /v1/convai/conversations`. The documented base
 * URL `https://api.elevenlabs.io` has no path prefix, so the base path is empty.
 *
 * Semantics decided where the vendor's document is silent:
 * - order: call start descending, ties by `conversation_id` descending;
 * - cursor: opaque base64url keyset of the last item's (start, id), so rows inserted at
 *   the top never shift later pages; an undecodable cursor is a 422;
 * - `call_start_after_unix` / `call_start_before_unix` are both exclusive; the duration
 *   and rating bounds are inclusive; a rating bound drops unrated calls;
 * - `summary_mode=include` adds `transcript_summary`; with `exclude` the field is absent;
 * - `sort_direction=asc` reverses the order (and its cursor); `branch_id` matches the
 *   record's branch; `search` looks for the text in the summary title and summary;
 * - filters the vendor documents but the simulator has no data for (evaluation and data
 *   collection params, topics, tools, ...) are a 422 naming them, never ignored; parameters
 *   the vendor does not document are ignored, as its FastAPI service does.
 */

const VENDOR = 'elevenlabs';
const MINUTE = 60_000;
const LIVE_STATUSES = ['initiated', 'in-progress', 'processing'] as const;
/** Initiation sources the simulator writes (checked against the SDK's enum). */
export const GENERATED_SOURCES = [
  'twilio', 'twilio', 'twilio', 'sip_trunk', 'widget', 'widget', 'whatsapp', 'twilio_sms', 'unknown', 'js_sdk',
] as const;
const PHONE_SOURCES = new Set(['twilio', 'sip_trunk', 'whatsapp', 'twilio_sms']);
const LANGUAGES = ['en', 'en', 'en', 'de', 'fr', 'es', 'ja', 'tr', 'vi', 'pl', 'ar', 'zh'];
const AGENT_NAMES = ['Support line', 'Réception — Paris', 'Kundenservice Zürich', 'Sales desk 🚀'];

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
  record.branch_id = branchOf(agentId, record.conversation_id!);
  const directionKnown = PHONE_SOURCES.has(source) ? random.chance(0.9) : random.chance(0.3);
  if (directionKnown) record.direction = random.chance(0.75) ? 'inbound' : 'outbound';
  if (random.chance(0.9)) record.main_language = random.pick(LANGUAGES);
  if (random.chance(0.4)) record.user_id = slug(name.normalize('NFKD').replace(/\p{M}+/gu, ''));
  if (random.chance(0.4)) record.tag_ids = [...new Set([`tag_${random.pick(TAGS)}`, `tag_${random.pick(TAGS)}`])];
  return record;
}

/**
 * Most calls run on the agent's main branch, about one in five on an experiment branch.
 * Derived from the id, so the seeded stream (and every other field) stays put.
 */
export function branchOf(agentId: string, conversationId: string): string {
  const sum = [...conversationId].reduce((total, char) => total + char.charCodeAt(0), 0);
  return `agtbrnch_${agentId}_${sum % 5 === 0 ? 'experiment' : 'main'}`;
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

  /** Newest first (direction 1) or oldest first (-1). */
  const ordered = (records: ElevenLabsConversation[], direction = 1): ElevenLabsConversation[] =>
    [...records].sort((a, b) => direction * compareOrder(positionOf(a), positionOf(b)));

  function refused(request: SimulatorRequest): SimulatorResponse | undefined {
    const key = request.headers['xi-api-key'];
    if (key === undefined || key === '') return detailError(401, 'invalid_api_key', 'No xi-api-key header was sent.');
    if (key !== options.credential) return detailError(401, 'invalid_api_key', 'Invalid API key');
    return undefined;
  }

  function list(request: SimulatorRequest): SimulatorResponse {
    const refusal = refused(request);
    if (refusal) return refusal;
    const query = readQuery(request.query);
    if (Array.isArray(query)) return { status: 422, body: { detail: query } };
    const after = query.after;
    const direction = query.ascending ? -1 : 1;
    const candidates = ordered([...conversations.values()].flat(), direction).filter(
      (record) => matches(record, query) && (after === undefined || direction * compareOrder(positionOf(record), after) > 0),
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

  /** Any conversation the key owns, whatever its agent; `format=opentelemetry` has no simulated traces. */
  function conversation(request: SimulatorRequest, [id]: string[]): SimulatorResponse {
    const refusal = refused(request);
    if (refusal) return refusal;
    const format = request.query.get('format');
    if (format !== null && format !== 'json') return { status: 422, body: { detail: [{ loc: ['query', 'format'], msg: 'only json is simulated', type: 'value_error' }] } };
    const record = [...conversations.values()].flat().find((candidate) => candidate.conversation_id === id);
    return record ? { status: 200, body: elevenlabsDetailOf(record, options.seed) } : detailError(404, 'conversation_not_found', 'Conversation not found');
  }

  return createVendorSimulator({
    vendor: VENDOR,
    seed: options.seed,
    basePath: '',
    routes: [
      { method: 'GET', pattern: new RegExp(`^${ELEVENLABS_CONVERSATIONS_PATH}/?$`), handle: list },
      { method: 'GET', pattern: new RegExp(`^${ELEVENLABS_CONVERSATIONS_PATH}/([^/]+)/?$`), handle: conversation },
    ],
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
