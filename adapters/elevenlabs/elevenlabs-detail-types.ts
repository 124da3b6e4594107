/**
 * Raw ElevenLabs `GET /v1/convai/conversations/{conversation_id}` (the SDK's
 * `GetConversationResponseModel`): only what the detail read uses, every field optional or
 * nullable, extra fields allowed.
 */

export interface ElevenLabsToolCall {
  request_id?: string | null;
  tool_name?: string | null;
  /** The arguments as JSON text. */
  params_as_json?: string | null;
  [field: string]: unknown;
}

export interface ElevenLabsToolResult {
  request_id?: string | null;
  tool_name?: string | null;
  /** The result as text (JSON or not). */
  result_value?: string | null;
  is_error?: boolean | null;
  [field: string]: unknown;
}

export interface ElevenLabsTranscriptEntry {
  /** `user` or `agent`. */
  role?: string | null;
  /** null on an entry that only calls a tool or reports its result. */
  message?: string | null;
  time_in_call_secs?: number | null;
  tool_calls?: ElevenLabsToolCall[] | null;
  /** Often on a later entry than the call they answer, matched by `request_id`. */
  tool_results?: ElevenLabsToolResult[] | null;
  /** The user talked over the agent. */
  interrupted?: boolean | null;
  [field: string]: unknown;
}

export interface ElevenLabsConversationMetadata {
  start_time_unix_secs?: number | null;
  call_duration_secs?: number | null;
  main_language?: string | null;
  conversation_initiation_source?: string | null;
  termination_reason?: string | null;
  feedback?: { rating?: number | null; [field: string]: unknown } | null;
  /** Telephony calls only: `direction`, the contact's `external_number`, ... */
  phone_call?: { direction?: string | null; external_number?: string | null; [field: string]: unknown } | null;
  [field: string]: unknown;
}

export interface ElevenLabsConversationAnalysis {
  call_successful?: string | null;
  transcript_summary?: string | null;
  call_summary_title?: string | null;
  /** Criterion id → `{ criteria_id, result, rationale }`. */
  evaluation_criteria_results?: Record<string, unknown> | null;
  /** Data collection id → `{ data_collection_id, value, rationale }`. */
  data_collection_results?: Record<string, unknown> | null;
  [field: string]: unknown;
}

export interface ElevenLabsConversationDetail {
  agent_id?: string | null;
  agent_name?: string | null;
  conversation_id?: string | null;
  status?: string | null;
  user_id?: string | null;
  branch_id?: string | null;
  tag_ids?: string[] | null;
  /** The audio is a separate, authenticated read (`…/audio`): no link to hand out. */
  has_audio?: boolean | null;
  metadata?: ElevenLabsConversationMetadata | null;
  analysis?: ElevenLabsConversationAnalysis | null;
  transcript?: ElevenLabsTranscriptEntry[] | null;
  [field: string]: unknown;
}
