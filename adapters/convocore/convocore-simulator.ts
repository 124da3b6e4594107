import { type SimulatorFactory } from '../../src/contract/index.js';
import { CONTACT_NAMES, PREVIEWS, SeededRecords, createVendorSimulator, TAGS, gridTimeline, offsetPage, QueryReader, phoneNumber, slug, type Random, type SimulatorRequest, type SimulatorResponse } from '../../src/contract/testing.js';
import { convocoreAdapter } from './convocore-adapter.js';
import { convocoreExportOf } from './convocore-simulator-detail.js';
import { plantConvocoreStallProbes } from './convocore-stall-probes.js';
import type { ConvocoreConversation, ConvocoreErrorBody, ConvocoreListResponse } from './convocore-types.js';

/**
 * Convocore v3 `GET /agents/{agentId}/convos` on loopback, newest first by `ts`. Like the
 * vendor it slices the page first and then drops "empty conversations without essential
 * data", so a page can be short without being the last one. The rest: the README, Simulator.
 */

const VENDOR = 'convocore';
const BASE_PATH = '/v3';
const DEFAULT_PAGE = 1;
const DEFAULT_LIMIT = 20;
const EMPTY_SHARE = 0.08;
const TIE_SHARE = 0.1;
const MINUTE_SECONDS = 60;

// Weighted by repetition; `api` is an origin the gateway does not know (→ `other`).
const ORIGINS = [
  ...['web-chat', 'web-chat', 'web-chat', 'widget', 'whatsapp', 'call', 'call'],
  ...['instagram', 'messenger', 'sms', 'email', 'api'],
];
const STATES = [
  ...['ai-chatting', 'ai-chatting', 'ai-chatting', 'ended_chat', 'ended_chat', 'ended_chat'],
  ...['requested_chat', 'human-chatting', 'human-chatting'],
];
const LANGUAGES = ['en', 'de', 'ja', 'fr', 'es'];
const HUMAN_AGENTS = [
  { userId: 'usr_7f3a21', name: 'Dana Whitfield', email: 'dana@support.example.com' },
  { userId: 'usr_91c2e8', name: 'Mateo Rossi' },
  { userId: 'usr_c04e5b' },
];
const SUMMARIES = [
  'The customer asked about pricing and was sent the premium plan details.',
  'Caller wanted to reschedule a booking; the AI moved it to next Tuesday.',
  'User reported a wrong invoice total and asked for a human agent.',
];

/** A stored conversation and the vendor's hidden tie order among equal `ts` values. */
interface StoredConversation {
  record: ConvocoreConversation;
  tieKey: string;
}

/** What an agent's conversations draw from: its random stream and its callers. */
interface AgentData {
  agentId: string;
  random: Random;
  /** Callers repeat across calls: on calls `userID` is this number, so it is not unique. */
  callers: string[];
}

/** The vendor's "empty conversation without essential data". */
function hasEssentialData(record: ConvocoreConversation): boolean {
  return (record.messagesNum ?? 0) > 0 || record.lastMessageTS !== undefined || record.userName !== undefined;
}

function emptyConversation(agentId: string, number: number, ts: number): ConvocoreConversation {
  const id = `${agentId}_convo${number}`;
  return { ID: id, userID: id, ts, messagesNum: 0, origin: 'web-chat', state: 'ai-chatting' };
}

function conversation(agent: AgentData, number: number, ts: number): ConvocoreConversation {
  const random = agent.random;
  const id = `${agent.agentId}_convo${number}`;
  const origin = random.pick(ORIGINS);
  const caller = origin === 'call' ? random.pick(agent.callers) : undefined;
  const callDuration = random.int(20, 900);
  const started = ts - (caller !== undefined ? callDuration : random.int(1, 180) * MINUTE_SECONDS);
  const record: ConvocoreConversation = { ID: id, userID: caller ?? id, ts, messagesNum: random.int(1, 40), origin };
  if (random.chance(0.9)) record.lastMessageTS = ts;
  // Some stored first-message times are in milliseconds.
  if (random.chance(0.95)) record.firstMessageTS = random.chance(0.2) ? started * 1000 : started;
  const name = random.chance(0.9) ? random.pick(CONTACT_NAMES) : undefined;
  if (name !== undefined) record.userName = name;
  if (name !== undefined && random.chance(0.6)) record.userEmail = `${slug(name)}@example.com`;
  if (random.chance(0.5)) record.userPhone = caller ?? phoneNumber(random, 'dialed');
  if (random.chance(0.7)) record.tags = [...new Set([random.pick(TAGS), random.pick(TAGS)])].slice(0, random.int(0, 2));
  if (random.chance(0.3)) record.contactIdentityId = `ci_${random.hex(12)}`;
  if (random.chance(0.85)) record.lastMessage = random.pick(PREVIEWS);
  else if (random.chance(0.5)) record.title = random.pick(PREVIEWS);
  if (random.chance(0.5)) record.lang = random.pick(LANGUAGES);
  if (random.chance(0.4)) record.summary = random.pick(SUMMARIES);
  if (random.chance(0.25)) record.ratingFrom5 = random.int(1, 5);
  if (caller !== undefined) {
    if (random.chance(0.8)) record.convoTimeSeconds = callDuration;
    const cost = Math.round(callDuration * 0.11) / 100;
    record.vapi = { cost, callDuration, callerPhoneNumber: caller, callStatus: 'ended' };
  } else if (random.chance(0.5)) {
    const tokens = random.int(500, 40_000);
    record.tokenUsage = { cumulativeTotalTokens: tokens, cumulativeUsd: Math.round(tokens * 0.02) / 10_000 };
  }
  if (random.chance(0.96)) addState(record, random.pick(STATES), random, ts);
  return record;
}

/** The state and the handoff fields that go with it. */
function addState(record: ConvocoreConversation, state: string, random: Random, ts: number): void {
  record.state = state;
  if (state === 'ai-chatting' && random.chance(0.3)) record.pendingAiReplyAt = ts;
  if (state === 'requested_chat') record.handoffHistory = [{ requestedAt: ts - random.int(1, 10) * MINUTE_SECONDS }];
  if (state !== 'human-chatting') return;
  const human = random.pick(HUMAN_AGENTS);
  const claimed = ts - random.int(2, 30) * MINUTE_SECONDS;
  if (random.chance(0.8)) record.assignedTo = { ...human, status: 'accepted', assignedAt: claimed };
  else record.chatAssignedTo = human.userId;
  record.humanClaimedAt = claimed;
  record.humanLastRepliedAt = ts;
  record.handoffHistory = [{ requestedAt: claimed - MINUTE_SECONDS, acceptedAt: claimed, acceptedBy: human.userId }];
}

/** `ts` descending, ties in the vendor's hidden order; sorts in place. */
function sortNewestFirst(conversations: StoredConversation[]): StoredConversation[] {
  return conversations.sort(
    (a, b) => (b.record.ts ?? 0) - (a.record.ts ?? 0) || (a.tieKey < b.tieKey ? -1 : a.tieKey > b.tieKey ? 1 : 0),
  );
}

function generateConversations(agent: AgentData, count: number, now: number): StoredConversation[] {
  return gridTimeline(agent.random, count, now, { spanMinutes: count * 4, tieShare: TIE_SHARE }, (tsMs, index) => {
    const ts = tsMs / 1000;
    const record = agent.random.chance(EMPTY_SHARE) ? emptyConversation(agent.agentId, index + 1, ts) : conversation(agent, index + 1, ts);
    return { record, tieKey: agent.random.hex(8) };
  });
}

function vendorError(status: number, body: ConvocoreErrorBody): SimulatorResponse {
  return { status, body };
}

export const createConvocoreSimulator: SimulatorFactory = (options) => {
  const drawn = new Map<string, AgentData>();
  // Lead forms keep numbers as people type them.
  const agentOf = (agentId: string, random: Random): AgentData =>
    drawn.get(agentId) ?? drawn.set(agentId, { agentId, random, callers: [phoneNumber(random, 'international'), phoneNumber(random, 'dialed'), phoneNumber(random, 'international'), phoneNumber(random)] }).get(agentId)!;
  const agents = new SeededRecords(options, {
    vendor: VENDOR,
    keyOf: convocoreAdapter.vendorAgentId,
    generate: (random, agentId, count) => generateConversations(agentOf(agentId, random), count, options.now),
    plantProbes: (stored) => plantConvocoreStallProbes(stored.map(({ record }) => record), options.now),
  });
  /** Which recent conversation went on last, by agent (the sandbox's live session). */
  const continued = new Map<string, number>();
  const newestFirst = (agentId: string) => sortNewestFirst(agents.of(agentId));

  /** One conversation of the agent in the path (another agent's is not found), its metadata or its export. */
  function oneConversation(request: SimulatorRequest, [agentId, convoId]: string[], exported: boolean): SimulatorResponse {
    if (!agents.has(agentId!)) return vendorError(404, { message: 'Agent not found', code: 'NOT_FOUND' });
    const record = agents.of(agentId!).find((stored) => stored.record.ID === convoId)?.record;
    if (!record) return vendorError(404, { message: 'Conversation not found', code: 'NOT_FOUND' });
    if (!exported) return { status: 200, body: { success: true, message: 'Conversation retrieved successfully', data: record } };
    const format = request.query.get('format') ?? 'json';
    if (format !== 'json') return vendorError(400, { message: 'Input validation failed', code: 'BAD_REQUEST', issues: [{ message: `format: only json is simulated, got ${JSON.stringify(format)}` }] });
    return { status: 200, body: { success: true, message: 'Conversation exported successfully', data: convocoreExportOf(record) } };
  }

  function listConversations(request: SimulatorRequest, [agentId]: string[]): SimulatorResponse {
    if (!agents.has(agentId!)) return vendorError(404, { message: 'Agent not found', code: 'NOT_FOUND' });
    // Plain numbers, whole parts used; anything else is an issue of the 400.
    const reader = new QueryReader(request.query, (name, problem) => ({ message: `${name}: Expected number, received ${JSON.stringify(problem.kind === 'number' && problem.raw)}` }));
    const [page, limit] = [reader.number('page') ?? DEFAULT_PAGE, reader.number('limit') ?? DEFAULT_LIMIT].map(Math.trunc);
    if (reader.issues.length > 0) return vendorError(400, { message: 'Input validation failed', code: 'BAD_REQUEST', issues: reader.issues });
    const data = offsetPage(newestFirst(agentId!), page!, limit!)
      .map((stored) => stored.record)
      .filter(hasEssentialData);
    return { status: 200, body: { success: true, message: 'Conversations retrieved successfully', data } satisfies ConvocoreListResponse };
  }

  return createVendorSimulator({
    vendor: VENDOR,
    seed: options.seed,
    basePath: BASE_PATH,
    auth: {
      credential: options.credential,
      header: 'authorization',
      scheme: 'Bearer',
      refusal: () => vendorError(401, { message: 'Unauthorized: invalid or missing API key', code: 'UNAUTHORIZED' }),
    },
    routes: [
      { method: 'GET', pattern: /^\/agents\/([^/]+)\/convos\/?$/, handle: listConversations },
      { method: 'GET', pattern: /^\/agents\/([^/]+)\/convos\/([^/]+)\/?$/, handle: (request, params) => oneConversation(request, params, false) },
      { method: 'GET', pattern: /^\/agents\/([^/]+)\/convos\/([^/]+)\/export\/?$/, handle: (request, params) => oneConversation(request, params, true) },
    ],
    notFound: (request) =>
      vendorError(404, { message: `No procedure found on path "${request.path}"`, code: 'NOT_FOUND' }),

    insertNewest(binding) {
      const agentId = convocoreAdapter.vendorAgentId(binding);
      const agent = agentOf(agentId, agents.randomOf(agentId));
      const stored = agents.of(agentId);
      const timestamps = stored.map(({ record }) => record.ts ?? 0);
      const latest = timestamps.length > 0 ? Math.max(...timestamps) : Math.floor(options.now / 60_000) * 60 - 60;
      const record = conversation(agent, stored.length + 1, latest + MINUTE_SECONDS);
      stored.push({ record, tieKey: agent.random.hex(8) });
      return record;
    },

    continueOne(binding) {
      const agentId = convocoreAdapter.vendorAgentId(binding);
      const stored = agents.has(agentId) ? newestFirst(agentId) : [];
      if (stored.length < 2) return undefined;
      // The newest but one (or further down, in turn) gets a message a minute after the newest.
      const next = ((continued.get(agentId) ?? 0) % Math.min(5, stored.length - 1)) + 1;
      continued.set(agentId, next);
      const { record } = stored[next]!;
      const ts = (stored[0]!.record.ts ?? 0) + MINUTE_SECONDS;
      Object.assign(record, { ts, lastMessageTS: ts, messagesNum: (record.messagesNum ?? 0) + 1, lastMessage: agentOf(agentId, agents.randomOf(agentId)).random.pick(PREVIEWS) });
      return record;
    },

    stallProbes: (binding) => agents.probes(binding),
    visibleRecords: (binding) => (agents.has(convocoreAdapter.vendorAgentId(binding)) ? newestFirst(convocoreAdapter.vendorAgentId(binding)).map(({ record }) => record).filter(hasEssentialData) : []),
  });
};
