import {
  booleanOrNull, isoToMs, mapEnum, msToIso, preview, requireId, stringList, stringOrNull,
  type ChannelType, type ConversationState, type MappedRow,
} from '../../src/contract/index.js';
import type { TetherConversationRow } from './tether-types.js';

const CHANNEL_TYPES: Readonly<Record<string, ChannelType>> = {
  sms: 'sms',
  email: 'email',
  webchat: 'webchat',
  whatsapp: 'whatsapp',
  instagram: 'instagram',
  messenger: 'messenger',
  voice: 'voice',
};

const CONVERSATION_STATES: Readonly<Record<string, ConversationState>> = {
  autopilot: 'autopilot',
  'awaiting-human': 'awaiting-human',
  human: 'human',
  resolved: 'resolved',
  failed: 'failed',
};

/** One Tether agent-conversations row onto the gateway row. */
export function mapTetherRow(record: TetherConversationRow): MappedRow {
  return {
    conversationId: requireId(record, 'conversationId'),
    contactId: stringOrNull(record.contactId),
    // The vendor sends '' for a contact without a name.
    contactName: stringOrNull(record.contactName),
    contactEmail: stringOrNull(record.contactEmail),
    contactPhone: stringOrNull(record.contactPhone),
    channelType: mapEnum(record.channelType, CHANNEL_TYPES, 'other'),
    conversationState: mapEnum(record.conversationState, CONVERSATION_STATES, 'unknown'),
    // The endpoint carries no start or end, only the last message.
    startedAt: null,
    endedAt: null,
    lastActivityAt: msToIso(isoToMs(record.lastMessageTime)),
    lastMessagePreview: preview(record.lastMessagePreview),
    messageCount: null,
    durationSec: null,
    summary: null,
    successful: null,
    rating: null,
    tags: [],
    assignees: stringList(record.assigneeNames),
    cost: null,
    language: null,
    direction: null,
    hasAccess: booleanOrNull(record.hasAccess),
  };
}
