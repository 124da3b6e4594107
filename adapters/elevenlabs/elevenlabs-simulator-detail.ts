import { seedFor, simulateTranscript } from '../../src/contract/testing.js';
import type { ElevenLabsConversationDetail, ElevenLabsTranscriptEntry } from './elevenlabs-detail-types.js';
import type { ElevenLabsConversation } from './elevenlabs-types.js';

/**
 * How the simulator answers `GET /v1/convai/conversations/{id}`: the stored list item's
 * fields, where the detail model keeps them, and `message_count` transcript entries over
 * the call's duration. A tool's result sits on the entry that calls it; live calls have no
 * analysis yet.
 */
export function elevenlabsDetailOf(record: ElevenLabsConversation, seed: number): ElevenLabsConversationDetail {
  const id = record.conversation_id!;
  const turns = simulateTranscript(seedFor(seed, 'elevenlabs', id, 'transcript'), {
    turns: record.message_count ?? 0,
    durationSec: record.call_duration_secs ?? 0,
    opening: record.call_summary_title ?? 'I have a question about my account.',
    toolCall: true,
    interruption: true,
  });
  const transcript = turns.map((turn): ElevenLabsTranscriptEntry => ({
    role: turn.speaker,
    message: turn.text,
    time_in_call_secs: Math.floor(turn.startSec),
    interrupted: turn.interrupted === true,
    ...(turn.toolCall && {
      tool_calls: [{ request_id: turn.toolCall.id, tool_name: turn.toolCall.name, params_as_json: JSON.stringify(turn.toolCall.arguments), tool_has_been_called: true }],
      tool_results: [{ request_id: turn.toolCall.id, tool_name: turn.toolCall.name, result_value: JSON.stringify(turn.toolCall.result), is_error: false, tool_has_been_called: true }],
    }),
  }));
  const ended = record.status === 'done' || record.status === 'failed';
  return {
    agent_id: record.agent_id, agent_name: record.agent_name, conversation_id: id, status: record.status, branch_id: record.branch_id,
    ...(record.user_id ? { user_id: record.user_id } : {}), ...(record.tag_ids ? { tag_ids: record.tag_ids } : {}),
    has_audio: ended, has_user_audio: ended, has_response_audio: ended, has_auxiliary_audio: false,
    metadata: {
      start_time_unix_secs: record.start_time_unix_secs, call_duration_secs: record.call_duration_secs,
      main_language: record.main_language ?? null, conversation_initiation_source: record.conversation_initiation_source ?? null,
      ...(record.rating != null && { feedback: { rating: record.rating } }),
      ...(record.direction && { phone_call: phoneCallOf(id, record) }),
    },
    analysis: ended ? { call_successful: record.call_successful, transcript_summary: record.transcript_summary ?? '', call_summary_title: record.call_summary_title ?? null } : null,
    transcript,
  };
}

/** A telephony call's numbers, derived from its id. */
function phoneCallOf(id: string, record: ElevenLabsConversation): Record<string, unknown> {
  const digits = String(parseInt(id.slice(-6), 16) % 10_000).padStart(4, '0');
  const sid = id.slice(5, 21);
  return {
    type: record.conversation_initiation_source === 'twilio' ? 'twilio' : 'sip_trunking', direction: record.direction,
    phone_number_id: `phnum_${sid}`, agent_number: '+14155550100', external_number: `+1416555${digits}`, stream_sid: `MZ${sid}`, call_sid: `CA${sid}`,
  };
}
