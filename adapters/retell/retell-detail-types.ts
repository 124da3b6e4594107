import type { RetellCall, RetellCallAnalysis } from './retell-types.js';

/**
 * Raw Retell `GET /v2/get-call/{call_id}` (the SDK's `CallResponse`): the call with its
 * transcripts, which the v3 list leaves out. Tolerant: everything optional, extra fields pass.
 */

export interface RetellWord {
  word?: string | null;
  /** Seconds from the call's start (audio time). */
  start?: number | null;
  end?: number | null;
}

/**
 * An utterance (`agent`, `user`, `transfer_target`: `content` and timed `words`), a tool
 * invocation (`tool_call_invocation`: `tool_call_id`, `name`, `arguments` as JSON text) or its
 * result (`tool_call_result`: `tool_call_id`, `content`); also `dtmf` (`digit`), `sms` and
 * `injected` (`content`, `time_sec`) and `node_transition`.
 */
export interface RetellUtterance {
  role?: string | null;
  content?: string | null;
  words?: RetellWord[] | null;
  tool_call_id?: string | null;
  name?: string | null;
  arguments?: string | null;
  digit?: string | null;
  time_sec?: number | null;
  [field: string]: unknown;
}

export interface RetellCallDetail extends RetellCall {
  /** The whole transcript as one text. */
  transcript?: string | null;
  transcript_object?: RetellUtterance[] | null;
  /** The utterances with the tool calls between them, in order. */
  transcript_with_tool_calls?: RetellUtterance[] | null;
  recording_url?: string | null;
  call_analysis?: (RetellCallAnalysis & { in_voicemail?: boolean | null; custom_analysis_data?: Record<string, unknown> | null }) | null;
}
