import {
  asObject,
  epochToMs,
  jsonOrText,
  mapEnum,
  numberOrNull,
  offsetToIso,
  stringOrNull,
  type ConversationAnalysis,
  type MapContext,
  type MappedDetail,
  type Message,
  type MessageRole,
} from '../../src/contract/index.js';
import type { ElevenLabsConversationDetail, ElevenLabsTranscriptEntry } from './elevenlabs-detail-types.js';
import { mapElevenLabsRow } from './map-elevenlabs-row.js';

/** An unknown role keeps its words as `system`: never guessed to be the contact or the agent. */
const ROLES: Readonly<Record<string, MessageRole>> = { user: 'user', agent: 'agent' };

export function mapElevenLabsDetail(detail: ElevenLabsConversationDetail, context: MapContext): MappedDetail {
  const metadata = asObject(detail.metadata);
  const analysis = asObject(detail.analysis);
  const phoneCall = asObject(metadata.phone_call);
  const transcript = Array.isArray(detail.transcript) ? detail.transcript : [];
  // The list item's fields live under `metadata` and `analysis` here; one row mapping reads both.
  const row = mapElevenLabsRow({
    ...detail,
    ...metadata,
    ...analysis,
    message_count: transcript.length,
    direction: stringOrNull(phoneCall.direction),
    rating: numberOrNull(asObject(metadata.feedback).rating),
  });
  const branch = stringOrNull(context.binding.branchId);
  return {
    row: { ...row, contactPhone: stringOrNull(phoneCall.external_number) },
    // A binding pinned to a branch does not read the agent's other branches.
    recordAgentId: branch === null || branch === detail.branch_id ? stringOrNull(detail.agent_id) : null,
    messages: mapElevenLabsMessages(transcript, epochToMs(metadata.start_time_unix_secs)),
    recordingUrl: null,
    analysis: analysisOf(analysis),
  };
}

/** Spoken entries in order, each tool call folded with its result (found by `request_id` on any entry). */
export function mapElevenLabsMessages(transcript: ElevenLabsTranscriptEntry[], startMs: number | null): Message[] {
  const results = new Map(transcript.flatMap((entry) => entry.tool_results ?? []).map((result) => [result.request_id, jsonOrText(result.result_value)]));
  return transcript.flatMap((entry) => {
    const offsetSec = numberOrNull(entry.time_in_call_secs);
    const timing = { at: offsetToIso(startMs, offsetSec), offsetSec, endOffsetSec: null };
    const text = stringOrNull(entry.message);
    const spoken: Message[] = text === null ? [] : [{ role: mapEnum(entry.role, ROLES, 'system'), text, ...timing, ...(entry.interrupted === true ? { interrupted: true } : {}) }];
    const tools = (entry.tool_calls ?? []).map((call): Message => {
      const name = stringOrNull(call.tool_name) ?? 'tool';
      return { role: 'tool', text: name, ...timing, toolCall: { name, arguments: jsonOrText(call.params_as_json), result: results.get(call.request_id) ?? null } };
    });
    return [...spoken, ...tools];
  });
}

/** Criteria results as sent; collected data as id → value (the rationale stays in `raw`). */
function analysisOf(analysis: Record<string, unknown>): ConversationAnalysis | null {
  const evaluation = analysis.evaluation_criteria_results ?? null;
  const collected = Object.entries(asObject(analysis.data_collection_results)).map(([id, result]) => [id, asObject(result).value ?? null]);
  if (evaluation === null && collected.length === 0) return null;
  return { evaluation, collected: collected.length === 0 ? null : Object.fromEntries(collected) };
}
