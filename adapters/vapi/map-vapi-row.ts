import {
  asObject,
  costOrNull,
  isoToMs,
  mapEnum,
  msToIso,
  preview,
  requireId,
  stringOrNull,
  type ConversationState,
  type MappedRow,
} from '../../src/contract/index.js';
import type { VapiCall, VapiMessage } from './vapi-types.js';

const STATE_BY_STATUS: Readonly<Record<string, ConversationState>> = {
  scheduled: 'autopilot',
  queued: 'autopilot',
  ringing: 'autopilot',
  'in-progress': 'autopilot',
  forwarding: 'awaiting-human',
  ended: 'resolved',
};

const DIRECTION_BY_TYPE: Readonly<Record<string, 'inbound' | 'outbound'>> = {
  inboundPhoneCall: 'inbound',
  outboundPhoneCall: 'outbound',
};

/** Transcript turns; `system` prompts and tool calls are not messages of the conversation. */
const SPOKEN_ROLES = new Set(['user', 'bot', 'assistant']);

/** USD with four decimals, as Vapi states a call's cost. */
const VAPI_COST = { currency: 'USD', decimals: 4 };

export function mapVapiRow(call: VapiCall): MappedRow {
  const conversationId = requireId(call, 'id');
  const customer = asObject(call.customer);
  const analysis = asObject(call.analysis);
  const startedMs = isoToMs(call.startedAt);
  const endedMs = isoToMs(call.endedAt);
  const spoken = (Array.isArray(call.messages) ? call.messages : []).filter(
    (message: VapiMessage) => SPOKEN_ROLES.has(String(asObject(message).role)) && stringOrNull(asObject(message).message) !== null,
  );
  return {
    vendorAgentId: stringOrNull(call.assistantId),
    conversationId,
    contactId: null,
    contactName: stringOrNull(customer.name),
    contactEmail: stringOrNull(customer.email),
    contactPhone: stringOrNull(customer.number),
    // Phone, web and websocket calls alike are voice.
    channelType: 'voice',
    // An ended call whose endedReason names an error failed (`pipeline-error-…`, `…-failed-to-connect-call`).
    conversationState:
      call.status === 'ended' && /error|failed/i.test(String(call.endedReason ?? '')) ? 'failed' : mapEnum(call.status, STATE_BY_STATUS, 'unknown'),
    startedAt: msToIso(startedMs),
    endedAt: msToIso(endedMs),
    lastActivityAt: msToIso(endedMs ?? isoToMs(call.updatedAt) ?? startedMs ?? isoToMs(call.createdAt)),
    lastMessagePreview: preview(spoken.length > 0 ? asObject(spoken[spoken.length - 1]).message : null),
    messageCount: Array.isArray(call.messages) ? spoken.length : null,
    // Vapi sends no duration: it is the time from start to end.
    durationSec: startedMs !== null && endedMs !== null && endedMs >= startedMs ? (endedMs - startedMs) / 1000 : null,
    summary: stringOrNull(analysis.summary),
    successful: successOf(analysis.successEvaluation),
    rating: null,
    tags: [],
    assignees: [],
    cost: costOrNull(call.cost, VAPI_COST),
    language: null,
    direction: typeof call.type === 'string' && Object.hasOwn(DIRECTION_BY_TYPE, call.type) ? DIRECTION_BY_TYPE[call.type]! : null,
    hasAccess: null,
  };
}

/** `successEvaluation` is a string; only the default rubric's `true` / `false` say yes or no. */
function successOf(value: unknown): boolean | null {
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  return text === 'true' ? true : text === 'false' ? false : null;
}
