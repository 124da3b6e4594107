import { seedFor, simulateTranscript } from '../../src/contract/testing.js';
import type { VapiTranscriptMessage } from './vapi-detail-types.js';

const SYSTEM_PROMPT = 'You are a helpful support assistant.';

/**
 * A simulated call's messages as Vapi writes them: the system prompt, then the turns (`bot`
 * and `user`) from the call's start to `untilMs`, the agent's lookup as a `tool_calls`
 * message answered by a `tool_call_result`. Epoch milliseconds, as Vapi sends them.
 */
export function vapiMessagesOf(callId: string, startedMs: number, untilMs: number, turns: number, opening: string): VapiTranscriptMessage[] {
  const plan = { turns, durationSec: (untilMs - startedMs) / 1000, opening, toolCall: true };
  const at = (sec: number) => ({ time: startedMs + Math.round(sec * 1000), secondsFromStart: sec });
  return [
    { role: 'system', message: SYSTEM_PROMPT, ...at(0) },
    ...simulateTranscript(seedFor('vapi', callId, 'transcript'), plan).flatMap((turn): VapiTranscriptMessage[] => {
      const spoken = { role: turn.speaker === 'agent' ? 'bot' : 'user', message: turn.text, ...at(turn.startSec), endTime: startedMs + Math.round(turn.endSec * 1000), duration: Math.round((turn.endSec - turn.startSec) * 1000) };
      const call = turn.toolCall;
      if (!call) return [spoken];
      return [
        spoken,
        { role: 'tool_calls', message: '', toolCalls: [{ id: call.id, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.arguments) } }], ...at(turn.endSec) },
        { role: 'tool_call_result', toolCallId: call.id, name: call.name, result: JSON.stringify(call.result), ...at(turn.endSec) },
      ];
    }),
  ];
}
