import { asObject, costOrNull, epochToMs, mapEnum, msToIso, numberOrNull, preview, ratingOrNull } from '../../src/contract/index.js';
import { requireId, stringList, stringOrNull, type Cost, type MappedRow } from '../../src/contract/index.js';
import type { ConvocoreConversation } from './convocore-types.js';
import { CHANNEL_BY_ORIGIN, STATE_BY_CONVOCORE_STATE } from './map-convocore-enums.js';

/** A conversation's last activity and the vendor's sort key, epoch ms: `ts`, else `lastMessageTS`. */
export function convocoreActivityMs(record: ConvocoreConversation): number | null {
  return epochToMs(record.ts) ?? epochToMs(record.lastMessageTS);
}

export function mapConvocoreRow(record: ConvocoreConversation): MappedRow {
  const conversationId = requireId(record, 'ID');
  const voiceCall = asObject(record.vapi);
  const conversationState = mapEnum(record.state, STATE_BY_CONVOCORE_STATE, 'unknown');
  // The vendor's sort key, `ts`, is the last activity (`lastMessageTS` only when `ts` is
  // missing): the same expression as the adapter's native key, so native order is the
  // gateway's order even when `lastMessageTS` and `ts` differ.
  const lastActivityMs = convocoreActivityMs(record);
  return {
    conversationId,
    // `userID` is the caller's phone on calls and not unique per conversation: a contact, never the identity.
    contactId: stringOrNull(record.contactIdentityId) ?? stringOrNull(record.userID),
    contactName: stringOrNull(record.userName),
    contactEmail: stringOrNull(record.userEmail),
    contactPhone: stringOrNull(record.userPhone) ?? stringOrNull(voiceCall['callerPhoneNumber']),
    channelType: mapEnum(record.origin, CHANNEL_BY_ORIGIN, 'other'),
    conversationState,
    startedAt: msToIso(epochToMs(record.firstMessageTS)),
    endedAt: conversationState === 'resolved' ? msToIso(lastActivityMs) : null,
    lastActivityAt: msToIso(lastActivityMs),
    lastMessagePreview: preview(record.lastMessage ?? record.title),
    messageCount: numberOrNull(record.messagesNum),
    durationSec: numberOrNull(record.convoTimeSeconds) ?? numberOrNull(voiceCall['callDuration']),
    summary: stringOrNull(record.summary),
    successful: null,
    rating: ratingOrNull(record.ratingFrom5),
    tags: stringList(record.tags),
    assignees: assigneesOf(record),
    cost: costOf(record),
    language: stringOrNull(record.lang) ?? stringOrNull(record.language),
    direction: null,
    hasAccess: null,
  };
}

function assigneesOf(record: ConvocoreConversation): string[] {
  const assignedTo = asObject(record.assignedTo);
  const assignee = stringOrNull(assignedTo['name']) ?? stringOrNull(assignedTo['userId']);
  if (assignee !== null) return [assignee];
  const chatAssignee = stringOrNull(record.chatAssignedTo);
  return chatAssignee === null ? [] : [chatAssignee];
}

/** USD with four decimals (the recorded calls and token spends carry no more). */
const CONVOCORE_COST = { currency: 'USD', decimals: 4 };

/** A call's own cost (USD) first, else the LLM token spend (USD). */
function costOf(record: ConvocoreConversation): Cost | null {
  return costOrNull(numberOrNull(asObject(record.vapi)['cost']) ?? asObject(record.tokenUsage)['cumulativeUsd'], CONVOCORE_COST);
}
