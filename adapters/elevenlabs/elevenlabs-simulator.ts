import { type SimulatorFactory } from '../../src/contract/index.js';
import { CONTACT_NAMES, PREVIEWS, SeededRecords, createVendorSimulator, TAGS, encodeKeyset, gridTimeline, keysetPage, minuteAfter, slug, sortedByPosition, type OrderPosition, type Random, type SimulatorRequest, type SimulatorResponse } from '../../src/contract/testing.js';
import { ELEVENLABS_CONVERSATIONS_PATH, elevenlabsAdapter } from './elevenlabs-adapter.js';
import { elevenlabsDetailOf } from './elevenlabs-simulator-detail.js';
import { matches, readQuery } from './elevenlabs-simulator-query.js';
import { plantElevenLabsStallProbes } from './elevenlabs-stall-probes.js';
import type { ElevenLabsConversation } from './elevenlabs-types.js';

/**
 * A simulator of ElevenLabs `GET /v1/convai/conversations` (base path empty, as the vendor's).
 * What it decides where the vendor's document is silent: the README, section Simulator.
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

/** Call start descending, ties by `conversation_id` descending. */
function positionOf(record: ElevenLabsConversation): OrderPosition {
  return { at: record.start_time_unix_secs ?? 0, id: record.conversation_id ?? '' };
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
  const agents = new SeededRecords(options, {
    vendor: VENDOR,
    keyOf: elevenlabsAdapter.vendorAgentId,
    generate: (random, agentId, count) => {
      const agentName = random.pick(AGENT_NAMES);
      // About one call in ten starts in the same second as the one before: exact ties.
      return gridTimeline(random, count, options.now, { spanMinutes: Math.max(10, count * 4), tieShare: 0.1 }, (startMs) => generateConversation(random, agentId, agentName, startMs, options.now));
    },
    plantProbes: (records) => plantElevenLabsStallProbes(records, options.now),
  });

  function list(request: SimulatorRequest): SimulatorResponse {
    const query = readQuery(request.query);
    if (Array.isArray(query)) return { status: 422, body: { detail: query } };
    const page = keysetPage(agents.all().filter((record) => matches(record, query)), positionOf, { ...query, limit: query.pageSize });
    return {
      status: 200,
      body: {
        conversations: page.items.map((record) => present(record, query.includeSummary)),
        next_cursor: page.next ? encodeKeyset({ s: page.next.at, i: page.next.id }) : null,
        has_more: page.hasMore,
      },
    };
  }

  /** Any conversation the key owns, whatever its agent; `format=opentelemetry` has no simulated traces. */
  function conversation(request: SimulatorRequest, [id]: string[]): SimulatorResponse {
    const format = request.query.get('format');
    if (format !== null && format !== 'json') return { status: 422, body: { detail: [{ loc: ['query', 'format'], msg: 'only json is simulated', type: 'value_error' }] } };
    const record = agents.all().find((candidate) => candidate.conversation_id === id);
    return record ? { status: 200, body: elevenlabsDetailOf(record, options.seed) } : detailError(404, 'conversation_not_found', 'Conversation not found');
  }

  return createVendorSimulator({
    vendor: VENDOR,
    seed: options.seed,
    basePath: '',
    auth: {
      credential: options.credential,
      header: 'xi-api-key',
      refusal: (presented) => detailError(401, 'invalid_api_key', presented === undefined ? 'No xi-api-key header was sent.' : 'Invalid API key'),
    },
    routes: [
      { method: 'GET', pattern: new RegExp(`^${ELEVENLABS_CONVERSATIONS_PATH}/?$`), handle: list },
      { method: 'GET', pattern: new RegExp(`^${ELEVENLABS_CONVERSATIONS_PATH}/([^/]+)/?$`), handle: conversation },
    ],
    notFound: () => detailError(404, 'not_found', 'Not Found'),
    insertNewest(binding) {
      const agentId = elevenlabsAdapter.vendorAgentId(binding);
      const records = agents.of(agentId);
      // Later than every call's start and end, on the minute grid.
      const endsMs = records.map((record) => ((record.start_time_unix_secs ?? 0) + (record.call_duration_secs ?? 0)) * 1000);
      const startMs = minuteAfter(Math.max(options.now, ...endsMs));
      const random = agents.insertRandom(agentId);
      const agentName = records[0]?.agent_name ?? random.pick(AGENT_NAMES);
      const record = generateConversation(random, agentId, agentName, startMs, startMs + MINUTE);
      records.push(record);
      return present(record, false);
    },
    stallProbes: (binding) => agents.probes(binding),
    visibleRecords: (binding) => sortedByPosition(agents.ofBinding(binding), positionOf).map((record) => present(record, false)),
  });
};
