/**
 * Raw ElevenLabs Conversational AI types (`GET /v1/convai/conversations`). Tolerant on
 * purpose: every field the vendor may omit is optional or nullable, extra fields pass.
 */

export type ElevenLabsStatus = 'initiated' | 'in-progress' | 'processing' | 'done' | 'failed';
export type ElevenLabsCallSuccessful = 'success' | 'failure' | 'unknown';

/** One list item. List items carry no contact or cost (only the single-conversation endpoint has them). */
export interface ElevenLabsConversation {
  agent_id?: string | null;
  agent_name?: string | null;
  conversation_id?: string | null;
  /** Call start, unix seconds. */
  start_time_unix_secs?: number | null;
  /** Seconds; for a call still in progress, its duration so far. */
  call_duration_secs?: number | null;
  message_count?: number | null;
  status?: ElevenLabsStatus | string | null;
  call_successful?: ElevenLabsCallSuccessful | string | null;
  /** Only present with `summary_mode=include`. */
  transcript_summary?: string | null;
  call_summary_title?: string | null;
  direction?: 'inbound' | 'outbound' | string | null;
  rating?: number | null;
  main_language?: string | null;
  /** `twilio`, `sip_trunk`, `widget`, `whatsapp`, `twilio_sms`, `js_sdk`, `unknown`, ... */
  conversation_initiation_source?: string | null;
  user_id?: string | null;
  /** Conversation tag ids; mapped to the row's `tags`. */
  tag_ids?: string[] | null;
  /** The agent branch the call ran on (`branch_id=` filters on it). */
  branch_id?: string | null;
  [extra: string]: unknown;
}

export interface ElevenLabsListResponse {
  conversations: ElevenLabsConversation[];
  next_cursor?: string | null;
  has_more?: boolean;
}

/** 422: FastAPI-style validation errors, one per bad parameter. */
export interface ElevenLabsValidationIssue {
  loc?: (string | number)[];
  msg?: string;
  type?: string;
}

/** 401, 404, 429 (`too_many_concurrent_requests`, `system_busy`), ... */
export interface ElevenLabsErrorDetail {
  status?: string;
  message?: string;
}

export interface ElevenLabsErrorBody {
  detail?: ElevenLabsErrorDetail | ElevenLabsValidationIssue[] | string;
}

/** Source-binding fields besides `connection`. */
export interface ElevenLabsBinding {
  agentId: string;
  /** Pins `branch_id`: only calls on this agent branch. */
  branchId?: string;
}
