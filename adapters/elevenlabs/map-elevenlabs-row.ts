import {
  epochToMs,
  mapEnum,
  msToIso,
  numberOrNull,
  preview,
  ratingOrNull,
  requireId,
  stringOrNull,
  type ChannelType,
  type ConversationState,
  type MapContext,
  type MappedRow,
} from '../../src/contract/index.js';
import type { ElevenLabsConversation } from './elevenlabs-types.js';

/** Phone, widget and SDK calls are all voice; only these sources are text channels. */
const CHANNEL_BY_SOURCE: Readonly<Record<string, ChannelType>> = {
  whatsapp: 'whatsapp',
  twilio_sms: 'sms',
  sms: 'sms',
};

const STATE_BY_STATUS: Readonly<Record<string, ConversationState>> = {
  initiated: 'autopilot',
  'in-progress': 'autopilot',
  processing: 'autopilot',
  done: 'resolved',
  failed: 'failed',
};

export function mapElevenLabsRow(record: ElevenLabsConversation, context: MapContext): MappedRow {
  const conversationId = requireId(record, 'conversation_id');
  const startMs = epochToMs(record.start_time_unix_secs);
  const duration = numberOrNull(record.call_duration_secs);
  // The list has no end time: a call's end (and last activity) is its start plus its duration.
  const endMs = startMs !== null && duration !== null && duration >= 0 ? startMs + duration * 1000 : null;
  const ended = record.status === 'done' || record.status === 'failed';
  return {
    vendorAgentId: stringOrNull(context.binding.agentId) ?? stringOrNull(record.agent_id) ?? '',
    conversationId,
    // List items carry no contact, cost or tags.
    contactId: null,
    contactName: null,
    contactEmail: null,
    contactPhone: null,
    channelType: mapEnum(record.conversation_initiation_source, CHANNEL_BY_SOURCE, 'voice'),
    conversationState: mapEnum(record.status, STATE_BY_STATUS, 'unknown'),
    startedAt: msToIso(startMs),
    endedAt: ended ? msToIso(endMs) : null,
    lastActivityAt: msToIso(endMs ?? startMs),
    lastMessagePreview: preview(record.call_summary_title),
    messageCount: numberOrNull(record.message_count),
    durationSec: duration,
    summary: stringOrNull(record.transcript_summary),
    // `unknown` (no success evaluation ran) and anything unrecognised are null.
    successful: record.call_successful === 'success' ? true : record.call_successful === 'failure' ? false : null,
    rating: ratingOrNull(record.rating),
    tags: [],
    assignees: [],
    cost: null,
    language: stringOrNull(record.main_language),
    direction: record.direction === 'inbound' || record.direction === 'outbound' ? record.direction : null,
    hasAccess: null,
  };
}
