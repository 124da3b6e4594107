import {
  asObject,
  epochToMs,
  jsonOrText,
  mapEnum,
  msToIso,
  numberOrNull,
  stringOrNull,
  type MappedDetail,
  type Message,
  type MessageRole,
} from '../../src/contract/index.js';
import type { VapiCallDetail, VapiTranscriptMessage } from './vapi-detail-types.js';
import { mapVapiRow } from './map-vapi-row.js';

/** `bot` and `assistant` are the agent; the system prompt stays `system`, as does any role Vapi adds. */
const ROLES: Readonly<Record<string, MessageRole>> = { user: 'user', bot: 'agent', assistant: 'agent', system: 'system' };

export function mapVapiDetail(call: VapiCallDetail): MappedDetail {
  const artifact = asObject(call.artifact);
  const messages = Array.isArray(artifact.messages) ? (artifact.messages as VapiTranscriptMessage[]) : (call.messages ?? []);
  const analysis = asObject(call.analysis);
  const evaluation = stringOrNull(analysis.successEvaluation);
  const collected = asObject(analysis.structuredData);
  return {
    row: mapVapiRow(call),
    recordAgentId: stringOrNull(call.assistantId),
    messages: mapVapiMessages(messages),
    recordingUrl: stringOrNull(artifact.recordingUrl) ?? stringOrNull(call.recordingUrl),
    analysis: evaluation === null && Object.keys(collected).length === 0 ? null : { evaluation, collected: Object.keys(collected).length === 0 ? null : collected },
  };
}

/** Messages in order; each function of a `tool_calls` message becomes a `tool` message with the `tool_call_result` of its id. */
export function mapVapiMessages(messages: VapiTranscriptMessage[]): Message[] {
  const results = new Map(messages.filter((message) => message.role === 'tool_call_result').map((message) => [message.toolCallId, jsonOrText(message.result)]));
  return messages.flatMap((message): Message[] => {
    const startMs = epochToMs(message.time);
    const endMs = epochToMs(message.endTime);
    const offsetSec = numberOrNull(message.secondsFromStart);
    const timing = {
      at: msToIso(startMs),
      offsetSec,
      endOffsetSec: offsetSec !== null && startMs !== null && endMs !== null ? Math.round(offsetSec * 1000 + endMs - startMs) / 1000 : null,
    };
    if (message.role === 'tool_call_result') return [];
    if (message.role === 'tool_calls') {
      return (message.toolCalls ?? []).map((call) => {
        const name = stringOrNull(call.function?.name) ?? 'tool';
        return { role: 'tool', text: name, ...timing, toolCall: { name, arguments: jsonOrText(call.function?.arguments), result: results.get(call.id) ?? null } };
      });
    }
    const text = stringOrNull(message.message);
    return text === null ? [] : [{ role: mapEnum(message.role, ROLES, 'system'), text, ...timing }];
  });
}
