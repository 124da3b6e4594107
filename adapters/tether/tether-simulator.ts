import { type SimulatorFactory, type SourceBinding } from '../../src/contract/index.js';
import { CONTACT_NAMES, PREVIEWS, SeededRecords, createVendorSimulator, createRandom, gridTime, offsetPage, readPageQuery, pageCounts, phoneNumber, seedFor, sortedByPosition, type Random, type SimulatorRequest, type SimulatorResponse } from '../../src/contract/testing.js';
import { monitorReportRoute } from './tether-monitor-simulator.js';
import { failure, type Organization, type StoredConversation } from './tether-simulator-store.js';
import { plantTetherStallProbes } from './tether-stall-probes.js';
import { readTetherBinding, type TetherBinding, type TetherConversationRow } from './tether-types.js';

/**
 * A simulator of Tether's `GET /api/escalation-dashboard/agent-conversations`,
 * one organization per simulator, seen by an ADMIN token (no department scoping by role).
 */

const VENDOR = 'tether';
const ENDPOINT = /^\/api\/escalation-dashboard\/agent-conversations\/?$/;
const OBJECT_ID = /^[0-9a-f]{24}$/;
const MINUTE = 60_000;
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;
const PREVIEW_LENGTH = 80;
const STAFF_NAMES = ['Alice Rivera', 'Marcus Chen', 'Fatima Zahra', 'Diego Álvarez', 'Hana Satō', 'Olu Adeyemi'];
const STATES = ['autopilot', 'autopilot', 'awaiting-human', 'human', 'resolved'] as const;
const CHANNELS = ['sms', 'sms', 'email', 'webchat'] as const;

/** Which relations to the bound user a generated conversation has. */
interface Relation {
  assigned: boolean;
  owned: boolean;
  departmentId: string;
  channelType?: string;
}

export const createTetherSimulator: SimulatorFactory = (options) => {
  const organization = createOrganization(createRandom(seedFor(options.seed, VENDOR, 'organization')));
  const store = new SeededRecords(options, {
    vendor: VENDOR,
    keyOf: (binding) => bindingKey(readTetherBinding(binding)),
    generate: (random, _key, count, binding) => generate(random, organization, readTetherBinding(binding), count, options.now),
    plantProbes: (generated, count) => plantTetherStallProbes(generated.slice(0, count), options.now),
  });
  let inserted = 0;

  function answer(request: SimulatorRequest): SimulatorResponse {
    const userId = (request.query.get('userId') ?? '').toLowerCase();
    if (!OBJECT_ID.test(userId)) return failure(400, 'Missing or invalid userId', 'BAD_REQUEST');
    const type = request.query.get('type') || 'assignee';
    if (type !== 'assignee' && type !== 'owner') {
      return failure(400, "Invalid type: expected 'assignee' or 'owner'", 'BAD_REQUEST');
    }
    const departmentId = request.query.get('departmentId') || undefined;
    const { page, limit } = readPageQuery(request.query, DEFAULT_LIMIT, MAX_LIMIT);
    const matching = select({ userId, type, departmentId });
    return { status: 200, body: { success: true, data: { rows: offsetPage(matching, page, limit).map(toVendorRow), pagination: pageCounts(page, limit, matching.length) } } };
  }

  /** lastMessageTime desc, nulls last; ties by conversationId desc, the reverse of the gateway's. */
  function select(query: TetherBinding): StoredConversation[] {
    const matching = store.all().filter((conversation) => matches(conversation, query));
    return sortedByPosition(matching, (conversation) => ({ at: conversation.lastMessageTime, id: conversation.conversationId }));
  }

  function visibleFor(binding: SourceBinding): StoredConversation[] {
    const { userId, type, departmentId } = readTetherBinding(binding);
    return select({ userId: userId.toLowerCase(), type, departmentId });
  }

  return createVendorSimulator({
    vendor: VENDOR,
    seed: options.seed,
    basePath: '',
    auth: { credential: options.credential, header: 'authorization', scheme: 'Bearer', refusal: () => failure(401, 'Unauthorized', 'UNAUTHORIZED') },
    routes: [
      { method: 'GET', pattern: ENDPOINT, handle: answer },
      monitorReportRoute({ organization, conversations: () => store.all(), credential: options.credential, now: options.now }),
    ],
    notFound: () => failure(404, 'Not found', 'NOT_FOUND'),
    insertNewest(binding) {
      const tether = readTetherBinding(binding);
      const random = createRandom(seedFor(options.seed, VENDOR, 'newest', bindingKey(tether), (inserted += 1)));
      const times = visibleFor(binding).flatMap((conversation) => conversation.lastMessageTime ?? []);
      const time = Math.max(options.now, ...times) + MINUTE;
      const conversation = createConversation(random, organization, tether, matchingRelation(random, organization, tether), time);
      store.ofBinding(binding).push(conversation);
      return toVendorRow(conversation);
    },
    visibleRecords: (binding) => visibleFor(binding).map(toVendorRow),
    stallProbes: (binding) => store.probes(binding),
  });
};

function createOrganization(random: Random): Organization {
  return {
    organizationId: random.hex(24),
    departmentIds: [random.hex(24), random.hex(24), random.hex(24)],
    staff: STAFF_NAMES.map((name) => ({ userId: random.hex(24), name })),
  };
}

/**
 * `count` conversations the binding sees, plus ones it must not see: the other relation
 * (owner instead of assignee), voice (excluded by the vendor) and other departments.
 */
function generate(
  random: Random,
  organization: Organization,
  binding: TetherBinding,
  count: number,
  now: number,
): StoredConversation[] {
  const spanMinutes = Math.max(count * 4, 10);
  const relations: Relation[] = [];
  for (let index = 0; index < count; index += 1) relations.push(matchingRelation(random, organization, binding));
  for (let index = 0; index < Math.ceil(count / 4); index += 1) {
    const owner = binding.type === 'assignee';
    relations.push({ ...matchingRelation(random, organization, binding), assigned: !owner, owned: owner });
  }
  for (let index = 0; index < Math.ceil(count / 10); index += 1) {
    relations.push({ ...matchingRelation(random, organization, binding), channelType: 'voice' });
  }
  const otherDepartments = organization.departmentIds.filter((id) => id !== binding.departmentId);
  for (let index = 0; binding.departmentId !== undefined && index < Math.ceil(count / 5); index += 1) {
    relations.push({ ...matchingRelation(random, organization, binding), departmentId: random.pick(otherDepartments) });
  }

  let previous: number | null = null;
  return relations.map((relation, index) => {
    // Exact ties on purpose (always the third one), and conversations without messages.
    const tie = previous !== null && (index === 2 || random.chance(0.1));
    const time = tie ? previous : random.chance(0.07) ? null : gridTime(random, now, spanMinutes);
    previous = time;
    return createConversation(random, organization, binding, relation, time);
  });
}

function matchingRelation(random: Random, organization: Organization, binding: TetherBinding): Relation {
  const departmentId = binding.departmentId ?? random.pick(organization.departmentIds);
  const also = random.chance(0.2);
  return binding.type === 'assignee'
    ? { assigned: true, owned: also, departmentId }
    : { assigned: also, owned: true, departmentId };
}

function createConversation(
  random: Random,
  organization: Organization,
  binding: TetherBinding,
  relation: Relation,
  time: number | null,
): StoredConversation {
  const userId = binding.userId.toLowerCase();
  const others = organization.staff.filter(() => random.chance(0.3));
  const assignees = relation.assigned ? [{ userId, name: staffName(userId) }, ...others] : others;
  const channelType = relation.channelType ?? random.pick(CHANNELS);
  const previewText = time === null || random.chance(0.05) ? null : random.pick(PREVIEWS);
  return {
    conversationId: random.hex(24),
    organizationId: organization.organizationId,
    departmentId: relation.departmentId,
    ownerUserId: relation.owned ? userId : random.pick(organization.staff).userId,
    assignees,
    contactId: random.chance(0.1) ? null : random.hex(24),
    contactName: random.chance(0.05) ? '' : random.pick(CONTACT_NAMES),
    contactPhone: contactPhone(random, channelType),
    channelType,
    lastMessageTime: time,
    latestInboundAt: time === null || random.chance(0.3) ? null : time - random.int(0, 20) * MINUTE,
    lastMessagePreview: previewText === null ? null : Array.from(previewText).slice(0, PREVIEW_LENGTH).join(''),
    conversationState: random.pick(STATES),
    hasAccess: random.chance(0.9),
  };
}

function contactPhone(random: Random, channelType: string): string | null | undefined {
  if (channelType === 'sms' || channelType === 'voice') return phoneNumber(random);
  if (channelType === 'email') return random.chance(0.5) ? null : phoneNumber(random);
  return random.chance(0.5) ? undefined : phoneNumber(random);
}

function staffName(userId: string): string {
  return `Agent ${userId.slice(-4).toUpperCase()}`;
}

function matches(conversation: StoredConversation, query: TetherBinding): boolean {
  // Voice conversations live on another endpoint (ENG-392).
  if (conversation.channelType === 'voice') return false;
  if (query.departmentId !== undefined && conversation.departmentId !== query.departmentId) return false;
  return query.type === 'owner'
    ? conversation.ownerUserId === query.userId
    : conversation.assignees.some((assignee) => assignee.userId === query.userId);
}

function toVendorRow(conversation: StoredConversation): TetherConversationRow {
  return {
    conversationId: conversation.conversationId,
    contactId: conversation.contactId,
    contactName: conversation.contactName,
    ...(conversation.contactPhone === undefined ? {} : { contactPhone: conversation.contactPhone }),
    channelType: conversation.channelType,
    lastMessageTime: conversation.lastMessageTime === null ? null : new Date(conversation.lastMessageTime).toISOString(),
    lastMessagePreview: conversation.lastMessagePreview,
    conversationState: conversation.conversationState,
    hasAccess: conversation.hasAccess,
  };
}

function bindingKey(binding: TetherBinding): string {
  return [binding.userId.toLowerCase(), binding.type, binding.departmentId ?? ''].join('|');
}
