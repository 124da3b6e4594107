import {
  asObject,
  costOrNull,
  booleanOrNull,
  isoToMs,
  mapEnum,
  msToIso,
  numberOrNull,
  requireId,
  stringList,
  stringOrNull,
  type ChannelType,
  type ConversationState,
  type MappedRow,
  type SourceBinding,
} from '../../src/contract/index.js';
import type { ChatDashConversation } from './chatdash-types.js';

const CHANNEL_TYPES_BY_CHANNEL: Readonly<Record<string, ChannelType>> = {
  webchat: 'webchat',
  web: 'webchat',
  widget: 'webchat',
  sms: 'sms',
  email: 'email',
  voice: 'voice',
  phone: 'voice',
  call: 'voice',
  whatsapp: 'whatsapp',
  instagram: 'instagram',
  messenger: 'messenger',
  facebook: 'messenger',
};

const CONVERSATION_STATES_BY_STATUS: Readonly<Record<string, ConversationState>> = {
  ai: 'autopilot',
  pending: 'awaiting-human',
  human: 'human',
  // Not in the documented enum, but the documented mapping reads "ended → resolved": take it if it comes.
  ended: 'resolved',
};

/** The vendor-side agent a binding reads. */
export function chatdashAgentId(binding: SourceBinding): string {
  return typeof binding.agentId === 'string' ? binding.agentId : '';
}

/** Which conversations a binding reads: `record` / `interacted` as set, each true by default (the vendor's default). */
export function chatdashVisibility(binding: SourceBinding): { record: boolean; interacted: boolean } {
  return { record: binding.record !== false, interacted: binding.interacted !== false };
}

/** `updatedAt`, else `endedAt`, else `createdAt`, in epoch ms; null when none is set. */
export function chatdashLastActivityMs(record: ChatDashConversation): number | null {
  return isoToMs(record.updatedAt) ?? isoToMs(record.endedAt) ?? isoToMs(record.createdAt);
}

/** USD; the recorded costs carry two decimals, four are kept so a finer one is not cut. */
const CHATDASH_COST = { currency: 'USD', decimals: 4 };

export function mapChatDashRow(record: ChatDashConversation): MappedRow {
  const conversationId = requireId(record, '_id');
  const endedAt = msToIso(isoToMs(record.endedAt));
  const channel = typeof record.channel === 'string' ? record.channel.toLowerCase() : undefined;
  const email = asObject(record.metadata).email;
  // Minutes, not seconds; rounded to the millisecond so 1.1 min is 66, not 66.00000000000001.
  const durationMinutes = numberOrNull(record.duration);
  return {
    conversationId,
    contactId: stringOrNull(record.leadId),
    contactName: stringOrNull(record.name),
    contactEmail: typeof email === 'string' ? stringOrNull(email) : null,
    contactPhone: stringOrNull(record.phone),
    channelType: mapEnum(channel, CHANNEL_TYPES_BY_CHANNEL, 'other'),
    // An ended conversation is resolved whatever its status; a missing status is the vendor default `ai`.
    conversationState:
      endedAt !== null ? 'resolved' : mapEnum(record.status ?? 'ai', CONVERSATION_STATES_BY_STATUS, 'unknown'),
    startedAt: msToIso(isoToMs(record.createdAt)),
    endedAt,
    lastActivityAt: msToIso(chatdashLastActivityMs(record)),
    lastMessagePreview: null,
    messageCount: null,
    durationSec: durationMinutes === null ? null : Math.round(durationMinutes * 60_000) / 1000,
    summary: stringOrNull(record.summary),
    successful: booleanOrNull(asObject(record.evaluation).isSuccess),
    rating: null,
    tags: stringList([record.topic, record.subtopic]),
    assignees: stringList([record.liveAgentName]),
    cost: costOrNull(record.cost, CHATDASH_COST),
    language: null,
    direction: null,
    hasAccess: null,
    // A call imported from Vapi, Retell or ElevenLabs keeps its id there.
    originalId: stringOrNull(record.platformId),
  };
}
