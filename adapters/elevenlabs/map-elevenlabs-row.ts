import {
  epochToMs,
  mapEnum,
  msToIso,
  numberOrNull,
  preview,
  ratingOrNull,
  requireId,
  stringList,
  stringOrNull,
  type ChannelType,
  type ConversationState,
  type MappedRow,
} from '../../src/contract/index.js';
import type { ElevenLabsConversation } from './elevenlabs-types.js';

/**
 * Telephony, widget and SDK sessions are voice; WhatsApp and SMS are their own channels.
 * Helpdesk and chat integrations (Slack, Telegram, Zendesk, Intercom, Freshdesk,
 * Salesforce), previews, sub-agent calls, `unknown`, absent and new values are `other`:
 * the row does not know their channel, so it does not claim voice.
 */
const CHANNEL_BY_SOURCE: Readonly<Record<string, ChannelType>> = {
  twilio: 'voice',
  sip_trunk: 'voice',
  exotel: 'voice',
  genesys: 'voice',
  avaya: 'voice',
  audiocodes: 'voice',
  widget: 'voice',
  js_sdk: 'voice',
  react_sdk: 'voice',
  react_native_sdk: 'voice',
  node_js_sdk: 'voice',
  python_sdk: 'voice',
  android_sdk: 'voice',
  swift_sdk: 'voice',
  flutter_sdk: 'voice',
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

export function mapElevenLabsRow(record: ElevenLabsConversation): MappedRow {
  const conversationId = requireId(record, 'conversation_id');
  const startMs = epochToMs(record.start_time_unix_secs);
  const duration = numberOrNull(record.call_duration_secs);
  // The list has no end time: a call's end (and last activity) is its start plus its duration.
  const endMs = startMs !== null && duration !== null && duration >= 0 ? startMs + duration * 1000 : null;
  const ended = record.status === 'done' || record.status === 'failed';
  return {
    vendorAgentId: stringOrNull(record.agent_id),
    conversationId,
    // List items carry no contact or cost.
    contactId: null,
    contactName: null,
    contactEmail: null,
    contactPhone: null,
    channelType: mapEnum(record.conversation_initiation_source, CHANNEL_BY_SOURCE, 'other'),
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
    // Tag ids as the vendor sends them: the gateway's `tags=` matches them exactly.
    tags: stringList(record.tag_ids),
    assignees: [],
    cost: null,
    language: stringOrNull(record.main_language),
    direction: record.direction === 'inbound' || record.direction === 'outbound' ? record.direction : null,
    hasAccess: null,
  };
}
