/**
 * ChatDash's raw shapes (`GET /agents/{agentId}/conversations`). Tolerant on
 * purpose: every field may be missing or null, and extra fields are allowed.
 */

export interface ChatDashEvaluation {
  isSuccess?: boolean | null;
  reason?: string | null;
  [field: string]: unknown;
}

/** One `Conversation`; a missing `record` / `interacted` / `read` / `isLive` means false. */
export interface ChatDashConversation {
  _id?: string | null;
  agentId?: string | null;
  platformId?: string | null;
  leadId?: string | null;
  campaignId?: string | null;
  name?: string | null;
  read?: boolean | null;
  endedAt?: string | null;
  browser?: string | null;
  device?: string | null;
  os?: string | null;
  countryCode?: string | null;
  ipAddress?: string | null;
  record?: boolean | null;
  interacted?: boolean | null;
  /** Free text: `webchat`, `sms`, `voice`, `whatsapp`, `instagram`, ... */
  channel?: string | null;
  phone?: string | null;
  phoneSecondary?: string | null;
  instagramId?: string | null;
  instagramUsername?: string | null;
  /** USD, voice calls only. */
  cost?: number | null;
  /** Minutes, not seconds (voice calls only). */
  duration?: number | null;
  url?: string | null;
  endedReason?: string | null;
  noAnswer?: boolean | null;
  /** `ai` (the default), `pending` or `human`. */
  status?: string | null;
  liveAgentName?: string | null;
  liveAgentId?: string | null;
  isLive?: boolean | null;
  note?: string | null;
  topic?: string | null;
  subtopic?: string | null;
  summary?: string | null;
  evaluation?: ChatDashEvaluation | null;
  mistunderstoodQueries?: { question?: string | null }[] | null;
  customAnalysis?: Record<string, unknown> | null;
  metadata?: Record<string, unknown> | null;
  createdAt?: string | null;
  updatedAt?: string | null;
  [field: string]: unknown;
}

/** A 200 body is a bare array: no envelope, no paging facts. */
export type ChatDashConversationList = ChatDashConversation[];

/** Error bodies carry a `message` (the vendor's document shows none; this is what the API sends). */
export interface ChatDashErrorBody {
  message?: string | null;
  [field: string]: unknown;
}

/** The source-binding fields of a ChatDash source. */
export interface ChatDashBinding {
  connection: string;
  agentId: string;
}
