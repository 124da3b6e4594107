import { type ImportedConversation, type SimulatorFactory, type SourceBinding } from '../../src/contract/index.js';
import { CONTACT_NAMES, SeededRecords, compact, createVendorSimulator, createRandom, gridTimeline, inWindow, isoTime, latestTime, phoneNumber, QueryReader, type QueryProblem, seedFor, seededShuffle, slug, writtenPhone, type Random, type SimulatorRequest, type SimulatorResponse } from '../../src/contract/testing.js';
import { plantChatDashStallProbes } from './chatdash-stall-probes.js';
import type { ChatDashConversation } from './chatdash-types.js';
import { chatdashAgentId, chatdashVisibility } from './map-chatdash-row.js';

/**
 * A fake of ChatDash's `GET /v1/public/agents/{agentId}/conversations`: one
 * unpaged array, in no particular order (a deterministic shuffle), filtered by
 * `startDate` / `endDate` on `createdAt` (inclusive) and by `record` / `interacted`
 * (both default to true; a missing field on a conversation means false). Parameters the
 * document does not declare are ignored (it states no rejection; the gateway's requests are
 * checked against the document instead). `visibleRecords` follows the binding's
 * `record` / `interacted`.
 */

const VENDOR = 'chatdash';
const BASE_PATH = '/v1/public';
const MINUTE = 60_000;

const CHANNELS = ['webchat', 'webchat', 'webchat', 'webchat', 'voice', 'voice', 'sms', 'whatsapp', 'instagram'] as const;
const STATUSES = ['ai', 'ai', 'ai', 'ai', 'pending', 'human', 'human'] as const;
const LIVE_AGENTS = ['Dana Whitfield', 'Kenji Watanabe', 'María José Pérez'] as const;
const TOPICS = ['billing', 'booking', 'pricing', 'support'] as const;
const SUBTOPICS = ['refund', 'reschedule', 'premium-plan', 'login'] as const;
const SUMMARIES = [
  'The user asked about opening hours and was given the Sunday schedule.',
  'Customer wanted to cancel an order — Bestellung storniert, confirmation e-mail sent.',
  'Caller booked a demo for next Tuesday at 10:00 and asked for a calendar invite.',
  '利用者は予約の変更を希望し、担当者に引き継がれました。',
] as const;

export const createChatDashSimulator: SimulatorFactory = (options) => {
  const agents = new SeededRecords(options, {
    vendor: VENDOR,
    keyOf: chatdashAgentId,
    // One in ten reuses the previous last activity, so exact ties are certain.
    generate: (random, agentId, count) =>
      gridTimeline(random, count, options.now, { spanMinutes: Math.max(count * 4, 10), tieShare: 0.1 }, (activity) => generateConversation(random, agentId, activity)),
    plantProbes: (conversations) => plantChatDashStallProbes(conversations, options.now),
  });
  const vendorOrder = (conversations: ChatDashConversation[]) => seededShuffle(conversations, (conversation) => conversation._id ?? '', options.seed, VENDOR);

  const listConversations = (request: SimulatorRequest, agentId: string): SimulatorResponse => {
    if (!agents.has(agentId)) return { status: 404, body: { message: 'Agent not found' } };
    const filter = readFilter(request.query);
    if (typeof filter === 'string') return { status: 400, body: { message: filter } };
    return { status: 200, body: vendorOrder(agents.of(agentId).filter((conversation) => matches(conversation, filter))) };
  };

  /** One conversation of the agent in the path, by `_id` or (`isPlatformId=true`) `platformId`, whatever its record / interacted. */
  const oneConversation = (request: SimulatorRequest, [agentId, id]: string[]): SimulatorResponse => {
    const reader = new QueryReader(request.query, badParameter);
    const byPlatform = reader.boolean('isPlatformId');
    if (reader.issues[0]) return { status: 400, body: { message: reader.issues[0] } };
    const found = agents.has(agentId!) && agents.of(agentId!).find((conversation) => (byPlatform ? conversation.platformId : conversation._id) === id);
    return found ? { status: 200, body: found } : { status: 404, body: { message: 'Conversation not found' } };
  };

  return createVendorSimulator({
    vendor: VENDOR,
    seed: options.seed,
    basePath: BASE_PATH,
    // The agency key as it is; `Bearer <key>` is not accepted.
    auth: { credential: options.credential, header: 'authorization', refusal: () => ({ status: 401, body: { message: 'Unauthorized' } }) },
    routes: [
      {
        method: 'GET',
        pattern: /^\/agents\/([^/]+)\/conversations\/?$/,
        handle: (request, [agentId]) => listConversations(request, agentId!),
      },
      { method: 'GET', pattern: /^\/agents\/([^/]+)\/conversations\/([^/]+)\/?$/, handle: oneConversation },
    ],
    notFound: () => ({ status: 404, body: { message: 'Not Found' } }),
    insertNewest(binding: SourceBinding) {
      const agentId = chatdashAgentId(binding);
      const conversations = agents.of(agentId);
      const random = createRandom(seedFor(options.seed, VENDOR, agentId, 'newest', conversations.length));
      const latest = latestTime(options.now, conversations.flatMap(({ createdAt, updatedAt, endedAt }) => [createdAt, updatedAt, endedAt]));
      const conversation = newestConversation(random, agentId, latest + MINUTE);
      conversations.push(conversation);
      return conversation;
    },
    stallProbes: (binding: SourceBinding) => agents.probes(binding),
    importCopies(binding, originals) {
      const agentId = chatdashAgentId(binding);
      const random = createRandom(seedFor(options.seed, VENDOR, agentId, 'imports'));
      agents.of(agentId).push(...originals.map((original) => importedCall(random, agentId, original)));
    },
    visibleRecords: (binding: SourceBinding) => vendorOrder(agents.ofBinding(binding).filter((conversation) => matches(conversation, chatdashVisibility(binding)))),
  });
};

/** The query as ChatDash reads it, or the message of a 400 (the first bad parameter). */
function readFilter(query: URLSearchParams) {
  const reader = new QueryReader(query, badParameter);
  const filter = { startMs: reader.date('startDate'), endMs: reader.date('endDate'), record: reader.boolean('record') ?? true, interacted: reader.boolean('interacted') ?? true };
  return reader.issues[0] ?? filter;
}

function badParameter(name: string, problem: QueryProblem): string {
  return `Invalid ${name}: ${problem.kind === 'date' ? 'expected an ISO 8601 date' : 'expected true or false'}`;
}

function matches(conversation: ChatDashConversation, filter: { startMs?: number | undefined; endMs?: number | undefined; record: boolean; interacted: boolean }): boolean {
  // A missing `record` / `interacted` is the schema default, false.
  if ((conversation.record === true) !== filter.record) return false;
  if ((conversation.interacted === true) !== filter.interacted) return false;
  return inWindow(Date.parse(conversation.createdAt ?? ''), filter.startMs, filter.endMs);
}

function generateConversation(random: Random, agentId: string, activity: number): ChatDashConversation {
  const channel = random.chance(0.03) ? undefined : random.pick(CHANNELS);
  const status = random.chance(0.05) ? undefined : random.pick(STATUSES);
  const name = random.chance(0.9) ? random.pick(CONTACT_NAMES) : undefined;
  const ended = channel === 'voice' || random.chance(0.35);
  const duration = channel === 'voice' ? random.int(2, 150) / 10 : undefined;
  const visibility = random.next();
  return compact({
    _id: random.hex(24),
    agentId,
    platformId: random.chance(0.5) ? `plt_${random.hex(12)}` : undefined,
    leadId: random.chance(0.85) ? random.hex(24) : undefined,
    campaignId: random.chance(0.2) ? random.hex(24) : undefined,
    name,
    read: random.chance(0.8) ? random.chance(0.5) : undefined,
    // About 15% are hidden by the default filters: not recorded, no interaction, or `record` missing.
    record: visibility < 0.02 ? undefined : visibility >= 0.08,
    interacted: visibility < 0.08 || visibility >= 0.15,
    channel,
    status,
    ...channelFields(random, channel, name, duration),
    ...(status === 'human'
      ? { liveAgentName: random.pick(LIVE_AGENTS), liveAgentId: random.hex(24) }
      : {}),
    isLive: !ended && (status === 'human' || status === 'pending'),
    ...(random.chance(0.4)
      ? { topic: random.pick(TOPICS), subtopic: random.chance(0.6) ? random.pick(SUBTOPICS) : undefined }
      : {}),
    summary: ended && random.chance(0.7) ? random.pick(SUMMARIES) : undefined,
    evaluation: ended && random.chance(0.5) ? evaluation(random.chance(0.7)) : undefined,
    metadata: random.chance(0.3) ? compact({ email: name ? `${slug(name)}@example.com` : undefined, source: 'landing-page' }) : undefined,
    ...timestamps(random, activity, ended, duration),
  });
}

/** A copy of another platform's call: its id as `platformId`, the contact's number (Retell's FROM, the Vapi or ElevenLabs customer's) written nationally, times a few seconds off. */
function importedCall(random: Random, agentId: string, original: ImportedConversation): ChatDashConversation {
  const shifted = (iso: string | null) => (iso === null ? undefined : isoTime(Date.parse(iso) + random.int(1, 40) * 1_000));
  return compact({
    ...answeredConversation(random, agentId, 'voice'),
    platformId: original.conversationId,
    name: original.contactName ?? undefined,
    phone: original.contactPhone === null ? undefined : writtenPhone(original.contactPhone, 'national'),
    duration: original.durationSec === null ? undefined : Math.round(original.durationSec / 6) / 10,
    summary: original.summary ?? undefined,
    // As the import wrote it: the gateway lower-cases it again.
    metadata: original.contactEmail === null ? undefined : { email: original.contactEmail.toUpperCase(), source: original.vendor },
    createdAt: shifted(original.startedAt),
    endedAt: shifted(original.endedAt),
  });
}

function evaluation(isSuccess: boolean) {
  return { isSuccess, reason: isSuccess ? 'The user got the answer they asked for.' : 'The user left before the question was answered.' };
}

function channelFields(random: Random, channel: string | undefined, name: string | undefined, duration: number | undefined) {
  switch (channel) {
    case 'voice':
      return {
        phone: phoneNumber(random, 'national'),
        phoneSecondary: phoneNumber(random, 'national'),
        duration,
        cost: random.int(5, 400) / 100,
        url: `https://recordings.chat-dash.example/${random.hex(16)}.mp3`,
        endedReason: random.pick(['customer-ended-call', 'assistant-ended-call', 'silence-timed-out']),
        noAnswer: random.chance(0.1),
      };
    case 'sms':
    case 'whatsapp':
      return { phone: phoneNumber(random, 'national') };
    case 'instagram':
      return { instagramId: String(random.int(10_000_000, 99_999_999)), instagramUsername: slug(name ?? 'guest') };
    case 'webchat':
      return {
        browser: random.pick(['Chrome', 'Safari', 'Firefox']),
        device: random.pick(['desktop', 'mobile']),
        os: random.pick(['Windows', 'macOS', 'iOS', 'Android']),
        countryCode: random.pick(['US', 'DE', 'JP', 'FR', 'BR']),
        ipAddress: `203.0.113.${random.int(1, 254)}`,
      };
    default:
      return {};
  }
}

/** Timestamps whose latest (updatedAt, else endedAt, else createdAt) is `activity`; a few have none at all. */
function timestamps(random: Random, activity: number, ended: boolean, duration: number | undefined) {
  const shape = random.next();
  if (shape < 0.05) return {};
  const length = (duration !== undefined ? Math.ceil(duration) : random.int(0, 40)) * MINUTE;
  if (shape < 0.15) return ended ? { createdAt: isoTime(activity - length), endedAt: isoTime(activity) } : { createdAt: isoTime(activity) };
  // The last update (a summary, an evaluation) can come a minute or two after the end.
  const endedMs = activity - random.int(0, 2) * MINUTE;
  if (!ended) return { createdAt: isoTime(activity - length), updatedAt: isoTime(activity) };
  return { createdAt: isoTime(endedMs - length), endedAt: isoTime(endedMs), updatedAt: isoTime(activity) };
}

function newestConversation(random: Random, agentId: string, at: number): ChatDashConversation {
  const answered = answeredConversation(random, agentId, 'webchat');
  return { ...answered, leadId: random.hex(24), name: random.pick(CONTACT_NAMES), read: false, createdAt: isoTime(at), updatedAt: isoTime(at) };
}

/** A conversation every default read lists, the AI answering. */
function answeredConversation(random: Random, agentId: string, channel: string): ChatDashConversation {
  return { _id: random.hex(24), agentId, record: true, interacted: true, channel, status: 'ai', isLive: false };
}
