import { MINUTE_MS, oldestFirst, offsetPage, readPageQuery, pageCounts, presentedCredential, type SimulatorRequest, type SimulatorResponse, type SimulatorRoute } from '../../src/contract/testing.js';
import type { TetherMonitorCategory, TetherMonitorRow } from './tether-monitor-types.js';
import { failure, type Organization, type StoredConversation } from './tether-simulator-store.js';

/**
 * Tether's `GET /api/conversation-monitor/report` over the simulator's store.
 * Semantics decided where the vendor's document is silent:
 * - the snapshot is taken at the simulator's `now` (`generatedAt`), never missing;
 * - a conversation is a candidate when the contact wrote last (`latestInboundAt` is its
 *   last message): `autopilot` → `ai_stuck`, `awaiting-human` / `human` →
 *   `agent_abandoned`; an `awaiting-human` one without any message is a candidate with
 *   `latestInboundAt: null` (only with `skipThreshold=true`);
 * - the threshold is 30 minutes; `skipThreshold=true` returns every candidate;
 * - order: longest waiting first (`latestInboundAt` ascending, nulls last, then `conversationId`);
 * - voice conversations are left out, as on the agent-conversations endpoint (ENG-392);
 * - `page` below 1 reads page 1, `limit` is clamped to [1, 100] (default 25), like the sibling endpoint;
 * - the connection's token is an ADMIN of the one organization; `superadmin:<token>` is a
 *   SUPERADMIN, the only role that may pass `organizationId` (another id → 404).
 */

export const TETHER_SIMULATOR_THRESHOLD_MINUTES = 30;
export const SUPERADMIN_TOKEN_PREFIX = 'superadmin:';
const PATH = /^\/api\/conversation-monitor\/report\/?$/;
const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;
const CATEGORIES: readonly string[] = ['ai_stuck', 'agent_abandoned'];

export interface MonitorStore {
  organization: Organization;
  conversations(): StoredConversation[];
  credential: string;
  now: number;
}

export function monitorReportRoute(store: MonitorStore): SimulatorRoute & { ownAuth: true } {
  return { method: 'GET', pattern: PATH, ownAuth: true, handle: (request) => answerReport(store, request) };
}

function answerReport(store: MonitorStore, request: SimulatorRequest): SimulatorResponse {
  const token = presentedCredential(request, { header: 'authorization', scheme: 'Bearer' });
  const superadmin = token === `${SUPERADMIN_TOKEN_PREFIX}${store.credential}`;
  if (token !== store.credential && !superadmin) return failure(401, 'Unauthorized', 'UNAUTHORIZED');
  const { query } = request;
  const organizationId = query.get('organizationId') || undefined;
  if (organizationId !== undefined && !superadmin) return failure(403, 'Access denied', 'FORBIDDEN');
  if (organizationId !== undefined && organizationId !== store.organization.organizationId) {
    return failure(404, 'Organization not found', 'NOT_FOUND');
  }
  const category = query.get('category') || undefined;
  if (category !== undefined && !CATEGORIES.includes(category)) {
    return failure(400, "Invalid category: expected 'ai_stuck' or 'agent_abandoned'", 'BAD_REQUEST');
  }
  const skipThreshold = query.get('skipThreshold') === 'true';
  const departmentId = query.get('departmentId') || undefined;
  const { page, limit } = readPageQuery(query, DEFAULT_LIMIT, MAX_LIMIT);
  const thresholdMs = TETHER_SIMULATOR_THRESHOLD_MINUTES * MINUTE_MS;
  const candidates = store
    .conversations()
    .filter((conversation) => conversation.channelType !== 'voice')
    .filter((conversation) => departmentId === undefined || conversation.departmentId === departmentId)
    .flatMap((conversation) => {
      const found = categoryOf(conversation);
      if (found === null || (category !== undefined && found !== category)) return [];
      const inbound = conversation.latestInboundAt;
      if (!skipThreshold && (inbound === null || store.now - inbound < thresholdMs)) return [];
      return [toMonitorRow(conversation, found)];
    })
    .sort(longestWaitingFirst);
  const total = candidates.length;
  return {
    status: 200,
    body: {
      success: true,
      data: {
        organizationId: store.organization.organizationId,
        generatedAt: new Date(store.now).toISOString(),
        thresholdMinutes: TETHER_SIMULATOR_THRESHOLD_MINUTES,
        totalCount: total,
        snapshotMissing: false,
        pagination: pageCounts(page, limit, total),
        rows: offsetPage(candidates, page, limit),
      },
    },
  };
}

/** Tether's own rule, as simulated: who owns the conversation and whether the contact wrote last. */
export function categoryOf(conversation: StoredConversation): TetherMonitorCategory | null {
  const { latestInboundAt, lastMessageTime, conversationState } = conversation;
  const contactWroteLast = latestInboundAt !== null && lastMessageTime !== null && latestInboundAt >= lastMessageTime;
  if (conversationState === 'autopilot') return contactWroteLast ? 'ai_stuck' : null;
  if (conversationState === 'awaiting-human') return contactWroteLast || lastMessageTime === null ? 'agent_abandoned' : null;
  if (conversationState === 'human') return contactWroteLast ? 'agent_abandoned' : null;
  return null;
}

function toMonitorRow(conversation: StoredConversation, category: TetherMonitorCategory): TetherMonitorRow {
  const inbound = conversation.latestInboundAt;
  return {
    conversationId: conversation.conversationId,
    ...(conversation.contactId === null ? {} : { contactId: conversation.contactId }),
    contactName: conversation.contactName,
    ...(conversation.contactPhone === undefined ? {} : { contactPhone: conversation.contactPhone }),
    channelType: conversation.channelType,
    // A stable stand-in for the message's ObjectId.
    latestInboundMessageId: inbound === null ? null : [...conversation.conversationId].reverse().join(''),
    latestInboundAt: inbound === null ? null : new Date(inbound).toISOString(),
    category,
    assigneeNames: conversation.assignees.map((assignee) => assignee.name),
    hasAccess: conversation.hasAccess,
  };
}

function longestWaitingFirst(left: TetherMonitorRow, right: TetherMonitorRow): number {
  const positionOf = (row: TetherMonitorRow) => ({ at: row.latestInboundAt ? Date.parse(row.latestInboundAt) : null, id: row.conversationId! });
  return oldestFirst(positionOf(left), positionOf(right));
}
