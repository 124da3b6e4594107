import {
  asObject,
  costOrNull,
  booleanOrNull,
  epochToMs,
  mapEnum,
  msToIso,
  numberOrNull,
  requireId,
  stringOrNull,
  type ConversationState,
  type MappedRow,
} from '../../src/contract/index.js';
import type { RetellCall } from './retell-types.js';

const STATE_BY_STATUS: Readonly<Record<string, ConversationState>> = {
  registered: 'autopilot',
  ongoing: 'autopilot',
  ended: 'resolved',
  not_connected: 'failed',
  error: 'failed',
};

/** Cents, not dollars, with two decimals: four decimals of a dollar. */
const RETELL_COST = { currency: 'USD', decimals: 4, unitsPerCurrency: 100 };

export function mapRetellRow(call: RetellCall): MappedRow {
  const conversationId = requireId(call, 'call_id');
  const startMs = epochToMs(call.start_timestamp);
  const endMs = epochToMs(call.end_timestamp);
  // Milliseconds, not seconds.
  const durationMs = numberOrNull(call.duration_ms) ?? (startMs !== null && endMs !== null ? endMs - startMs : null);
  const analysis = asObject(call.call_analysis);
  const direction = call.direction === 'inbound' || call.direction === 'outbound' ? call.direction : null;
  return {
    vendorAgentId: stringOrNull(call.agent_id),
    conversationId,
    contactId: null,
    contactName: null,
    contactEmail: null,
    // The caller on inbound calls, the callee on outbound ones.
    contactPhone: direction === 'inbound' ? stringOrNull(call.from_number) : direction === 'outbound' ? stringOrNull(call.to_number) : null,
    // Web and phone calls alike are voice.
    channelType: 'voice',
    conversationState: mapEnum(call.call_status, STATE_BY_STATUS, 'unknown'),
    startedAt: msToIso(startMs),
    endedAt: msToIso(endMs),
    lastActivityAt: msToIso(endMs ?? (startMs !== null && durationMs !== null ? startMs + durationMs : startMs)),
    lastMessagePreview: null,
    messageCount: null,
    durationSec: durationMs === null ? null : durationMs / 1000,
    summary: stringOrNull(analysis.call_summary),
    successful: booleanOrNull(analysis.call_successful),
    rating: null,
    tags: [],
    assignees: [],
    cost: costOrNull(asObject(call.call_cost).combined_cost, RETELL_COST),
    language: null,
    direction,
    hasAccess: null,
  };
}
