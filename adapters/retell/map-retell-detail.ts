import {
  asObject,
  epochToMs,
  jsonOrText,
  mapEnum,
  numberOrNull,
  offsetToIso,
  stringOrNull,
  type MappedDetail,
  type Message,
  type MessageRole,
} from '../../src/contract/index.js';
import type { RetellCallDetail, RetellUtterance } from './retell-detail-types.js';
import { mapRetellRow } from './map-retell-row.js';

/** The person a call was transferred to is a human; a keypress is the contact's. Other roles with words are `system`. */
const ROLES: Readonly<Record<string, MessageRole>> = { agent: 'agent', user: 'user', transfer_target: 'human', dtmf: 'user' };

export function mapRetellDetail(call: RetellCallDetail): MappedDetail {
  const utterances = Array.isArray(call.transcript_with_tool_calls) ? call.transcript_with_tool_calls : (call.transcript_object ?? []);
  const analysis = asObject(call.call_analysis);
  const evaluation = Object.fromEntries(['user_sentiment', 'in_voicemail'].filter((field) => analysis[field] != null).map((field) => [field, analysis[field]]));
  const collected = asObject(analysis.custom_analysis_data);
  const hasEvaluation = Object.keys(evaluation).length > 0;
  const hasCollected = Object.keys(collected).length > 0;
  return {
    row: mapRetellRow(call),
    recordAgentId: stringOrNull(call.agent_id),
    messages: mapRetellMessages(utterances, epochToMs(call.start_timestamp)),
    recordingUrl: stringOrNull(call.recording_url),
    analysis: hasEvaluation || hasCollected ? { evaluation: hasEvaluation ? evaluation : null, collected: hasCollected ? collected : null } : null,
  };
}

/** Utterances in order, timed by their first and last word; a tool invocation takes the result of its `tool_call_id`. */
export function mapRetellMessages(utterances: RetellUtterance[], startMs: number | null): Message[] {
  const results = new Map(utterances.filter((item) => item.role === 'tool_call_result').map((item) => [item.tool_call_id, jsonOrText(item.content)]));
  return utterances.flatMap((item): Message[] => {
    const words = Array.isArray(item.words) ? item.words : [];
    const offsetSec = numberOrNull(words[0]?.start) ?? numberOrNull(item.time_sec);
    const timing = { at: offsetToIso(startMs, offsetSec), offsetSec, endOffsetSec: numberOrNull(words[words.length - 1]?.end) };
    if (item.role === 'tool_call_invocation') {
      const name = stringOrNull(item.name) ?? 'tool';
      return [{ role: 'tool', text: name, ...timing, toolCall: { name, arguments: jsonOrText(item.arguments), result: results.get(item.tool_call_id) ?? null } }];
    }
    const text = stringOrNull(item.content) ?? stringOrNull(item.digit);
    if (text === null || item.role === 'tool_call_result') return [];
    return [{ role: mapEnum(item.role, ROLES, 'system'), text, ...timing }];
  });
}
