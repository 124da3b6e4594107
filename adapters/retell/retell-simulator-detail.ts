import { seedFor, simulateTranscript, timedWords } from '../../src/contract/testing.js';
import type { RetellCallDetail, RetellUtterance } from './retell-detail-types.js';
import type { RetellCall } from './retell-types.js';

const TRANSFERRED = 'Hi, this is Sam from the front desk; I can take it from here.';

/**
 * How the simulator answers `GET /v2/get-call/{call_id}`: the stored call plus its
 * transcripts, one turn per 15 s of the call (at most 24), words timed across each turn.
 * The lookup sits between the utterances in `transcript_with_tool_calls`; a transferred
 * call ends with the transfer target speaking. Calls not started have no transcript.
 */
export function retellDetailOf(call: RetellCall): RetellCallDetail {
  if (call.start_timestamp == null) return structuredClone(call);
  const durationSec = ((call.end_timestamp ?? call.start_timestamp) - call.start_timestamp) / 1000;
  const transferred = call.disconnection_reason === 'call_transfer';
  const turns = simulateTranscript(seedFor('retell', call.call_id!, 'transcript'), {
    turns: Math.min(24, 2 + Math.floor(durationSec / 15)),
    durationSec,
    opening: 'I need to change my appointment.',
    toolCall: true,
    ...(transferred && { closing: TRANSFERRED }),
  });
  const utterances = turns.map((turn, index): RetellUtterance => ({
    role: transferred && index === turns.length - 1 ? 'transfer_target' : turn.speaker,
    content: turn.text,
    // Retell's word times are seconds of audio.
    words: timedWords(turn),
  }));
  const withTools = turns.flatMap((turn, index): RetellUtterance[] => {
    const call = turn.toolCall;
    if (!call) return [utterances[index]!];
    return [
      utterances[index]!,
      { role: 'tool_call_invocation', tool_call_id: call.id, name: call.name, arguments: JSON.stringify(call.arguments) },
      { role: 'tool_call_result', tool_call_id: call.id, content: JSON.stringify(call.result), successful: true },
    ];
  });
  const lookup = turns.find((turn) => turn.toolCall)?.toolCall;
  return {
    ...structuredClone(call),
    transcript: utterances.map((utterance) => `${utterance.role === 'user' ? 'User' : 'Agent'}: ${utterance.content}`).join('\n'),
    transcript_object: utterances,
    transcript_with_tool_calls: withTools,
    ...(call.end_timestamp != null && { recording_url: `https://recordings.simulator.invalid/retell/${call.call_id}.wav` }),
    ...(call.call_analysis && lookup && { call_analysis: { ...call.call_analysis, custom_analysis_data: { order_id: lookup.arguments.orderId } } }),
  };
}
