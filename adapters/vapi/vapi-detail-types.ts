import type { VapiAnalysis, VapiCall, VapiMessage } from './vapi-types.js';

/**
 * Raw Vapi `GET /call/{id}`: the list's call with what the detail read uses (the SDK's
 * `Call`, `Artifact` and message models). Tolerant: everything optional, extra fields pass.
 */

/** One function call of a `tool_calls` message. */
export interface VapiToolCall {
  id?: string | null;
  type?: string | null;
  /** `arguments` is JSON text. */
  function?: { name?: string | null; arguments?: string | null; [field: string]: unknown } | null;
  [field: string]: unknown;
}

/** `user`, `bot`, `system`, `tool_calls` or `tool_call_result`; times are epoch milliseconds. */
export interface VapiTranscriptMessage extends VapiMessage {
  time?: number | null;
  endTime?: number | null;
  secondsFromStart?: number | null;
  /** `tool_calls` messages. */
  toolCalls?: VapiToolCall[] | null;
  /** `tool_call_result` messages: the call answered, its tool's name and the result as text. */
  toolCallId?: string | null;
  name?: string | null;
  result?: string | null;
}

export interface VapiArtifact {
  messages?: VapiTranscriptMessage[] | null;
  recordingUrl?: string | null;
  /** The whole transcript as one text. */
  transcript?: string | null;
  [field: string]: unknown;
}

export interface VapiCallDetail extends VapiCall {
  /** Kept for older calls; `artifact.messages` is the same list. */
  messages?: VapiTranscriptMessage[] | null;
  artifact?: VapiArtifact | null;
  analysis?: (VapiAnalysis & { structuredData?: Record<string, unknown> | null }) | null;
}
