import { type SimulatorFactory, type SourceBinding, type StallProbe } from '../../src/contract/index.js';
import { CONTACT_NAMES, PREVIEWS, createVendorSimulator, TAGS, createRandom, gridTime, phoneNumber, seedFor, slug, type Random, type SimulatorRequest, type SimulatorResponse } from '../../src/contract/testing.js';
import { convocoreExportOf } from './convocore-simulator-detail.js';
import { plantConvocoreStallProbes } from './convocore-stall-probes.js';
import type { ConvocoreConversation, ConvocoreErrorBody, ConvocoreListResponse } from './convocore-types.js';

/**
 * Convocore v3 `GET /agents/{agentId}/convos` on loopback: newest first by `ts` (unix
 * seconds), `page` (default 1) and `limit` (default 20), no total. The vendor document
 * declares both as plain numbers, with no range: anything that is not a number is a 400,
 * any number is accepted (our reading where the document is silent: whole parts are used,
 * a page below 1 reads as 1, a limit of 0 or less gives an empty page; no maximum). Like
 * the vendor it slices the page first and then drops "empty conversations without
 * essential data", so a page can be short without being the last one.
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

interface AgentData {
  agentId: string;
  random: Random;
  /** Callers repeat across calls: on calls `userID` is this number, so it is not unique. */
  callers: string[];
  conversations: StoredConversation[];
  /** Planted stalled conversations with known waits (docs/monitor.md). */
  probes: StallProbe[];
  /** Which recent conversation went on last (the sandbox's live session). */
  continued?: number;
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

function sortNewestFirst(conversations: StoredConversation[]): void {
  conversations.sort(
    (a, b) => (b.record.ts ?? 0) - (a.record.ts ?? 0) || (a.tieKey < b.tieKey ? -1 : a.tieKey > b.tieKey ? 1 : 0),
  );
}

function generateAgent(seed: number, agentId: string, count: number, now: number): AgentData {
  const random = createRandom(seedFor(seed, VENDOR, agentId));
  // Lead forms keep numbers as people type them.
  const callers = [phoneNumber(random, 'international'), phoneNumber(random, 'dialed'), phoneNumber(random, 'international'), phoneNumber(random)];
  const agent: AgentData = { agentId, random, callers, conversations: [], probes: [] };
  let previousMs = 0;
  for (let number = 1; number <= count; number += 1) {
    const tsMs = number > 1 && random.chance(TIE_SHARE) ? previousMs : gridTime(random, now, count * 4);
    previousMs = tsMs;
    const ts = tsMs / 1000;
    const empty = random.chance(EMPTY_SHARE);
    const record = empty ? emptyConversation(agentId, number, ts) : conversation(agent, number, ts);
    agent.conversations.push({ record, tieKey: random.hex(8) });
  }
  agent.probes = plantConvocoreStallProbes(agent.conversations.map((stored) => stored.record), now);
  sortNewestFirst(agent.conversations);
  return agent;
}

function vendorError(status: number, body: ConvocoreErrorBody): SimulatorResponse {
  return { status, body };
}

/** `page` / `limit`: absent takes the default; a value that is not a number is a 400 issue. */
function readNumber(query: URLSearchParams, name: string, fallback: number): number | string {
  const text = query.get(name);
  if (text === null) return fallback;
  const value = text.trim() === '' ? Number.NaN : Number(text);
  return Number.isFinite(value) ? Math.trunc(value) : `${name}: Expected number, received ${JSON.stringify(text)}`;
}

function agentIdOf(binding: SourceBinding): string {
  return String(binding['agentId']);
}

export const createConvocoreSimulator: SimulatorFactory = (options) => {
  const agents = new Map<string, AgentData>();
  for (const { binding, count } of options.agents) {
    const agentId = agentIdOf(binding);
    agents.set(agentId, generateAgent(options.seed, agentId, count, options.now));
  }

  /** The caller's agent, or the vendor's refusal. */
  function agentOf(request: SimulatorRequest, agentId: string): AgentData | SimulatorResponse {
    if (request.headers.authorization !== `Bearer ${options.credential}`) {
      return vendorError(401, { message: 'Unauthorized: invalid or missing API key', code: 'UNAUTHORIZED' });
    }
    return agents.get(agentId) ?? vendorError(404, { message: 'Agent not found', code: 'NOT_FOUND' });
  }

  /** One conversation of the agent in the path (another agent's is not found), its metadata or its export. */
  function oneConversation(request: SimulatorRequest, [agentId, convoId]: string[], exported: boolean): SimulatorResponse {
    const agent = agentOf(request, agentId!);
    if (!('conversations' in agent)) return agent;
    const record = agent.conversations.find((stored) => stored.record.ID === convoId)?.record;
    if (!record) return vendorError(404, { message: 'Conversation not found', code: 'NOT_FOUND' });
    if (!exported) return { status: 200, body: { success: true, message: 'Conversation retrieved successfully', data: structuredClone(record) } };
    const format = request.query.get('format') ?? 'json';
    if (format !== 'json') return vendorError(400, { message: 'Input validation failed', code: 'BAD_REQUEST', issues: [{ message: `format: only json is simulated, got ${JSON.stringify(format)}` }] });
    return { status: 200, body: { success: true, message: 'Conversation exported successfully', data: convocoreExportOf(record) } };
  }

  function listConversations(request: SimulatorRequest, [agentId]: string[]): SimulatorResponse {
    const agent = agentOf(request, agentId!);
    if (!('conversations' in agent)) return agent;
    const page = readNumber(request.query, 'page', DEFAULT_PAGE);
    const limit = readNumber(request.query, 'limit', DEFAULT_LIMIT);
    if (typeof page === 'string' || typeof limit === 'string') {
      const issues = [page, limit].filter((value) => typeof value === 'string').map((message) => ({ message }));
      return vendorError(400, { message: 'Input validation failed', code: 'BAD_REQUEST', issues });
    }
    const size = Math.max(0, limit);
    const first = (Math.max(1, page) - 1) * size;
    const data = agent.conversations
      .slice(first, first + size)
      .map((stored) => stored.record)
      .filter(hasEssentialData);
    const body: ConvocoreListResponse = { success: true, message: 'Conversations retrieved successfully', data };
    return { status: 200, body: structuredClone(body) };
  }

  return createVendorSimulator({
    vendor: VENDOR,
    seed: options.seed,
    basePath: BASE_PATH,
    routes: [
      { method: 'GET', pattern: /^\/agents\/([^/]+)\/convos\/?$/, handle: listConversations },
      { method: 'GET', pattern: /^\/agents\/([^/]+)\/convos\/([^/]+)\/?$/, handle: (request, params) => oneConversation(request, params, false) },
      { method: 'GET', pattern: /^\/agents\/([^/]+)\/convos\/([^/]+)\/export\/?$/, handle: (request, params) => oneConversation(request, params, true) },
    ],
    notFound: (request) =>
      vendorError(404, { message: `No procedure found on path "${request.path}"`, code: 'NOT_FOUND' }),

    insertNewest(binding) {
      const agentId = agentIdOf(binding);
      let agent = agents.get(agentId);
      if (!agent) {
        agent = generateAgent(options.seed, agentId, 0, options.now);
        agents.set(agentId, agent);
      }
      const timestamps = agent.conversations.map((stored) => stored.record.ts ?? 0);
      const latest = timestamps.length > 0 ? Math.max(...timestamps) : Math.floor(options.now / 60_000) * 60 - 60;
      const ts = latest + MINUTE_SECONDS;
      const record = conversation(agent, agent.conversations.length + 1, ts);
      agent.conversations.push({ record, tieKey: agent.random.hex(8) });
      sortNewestFirst(agent.conversations);
      return structuredClone(record);
    },

    continueOne(binding) {
      const agent = agents.get(agentIdOf(binding));
      if (!agent || agent.conversations.length < 2) return undefined;
      // The newest but one (or further down, in turn) gets a message a minute after the newest.
      agent.continued = ((agent.continued ?? 0) % Math.min(5, agent.conversations.length - 1)) + 1;
      const stored = agent.conversations[agent.continued]!;
      const ts = Math.max(...agent.conversations.map((each) => each.record.ts ?? 0)) + MINUTE_SECONDS;
      Object.assign(stored.record, { ts, lastMessageTS: ts, messagesNum: (stored.record.messagesNum ?? 0) + 1, lastMessage: agent.random.pick(PREVIEWS) });
      sortNewestFirst(agent.conversations);
      return structuredClone(stored.record);
    },

    stallProbes: (binding) => structuredClone(agents.get(agentIdOf(binding))?.probes ?? []),

    visibleRecords(binding) {
      const agent = agents.get(agentIdOf(binding));
      if (!agent) return [];
      return structuredClone(agent.conversations.map((stored) => stored.record).filter(hasEssentialData));
    },
  });
};
