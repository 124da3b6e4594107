/**
 * Convocore v3 `GET /agents/{agentId}/convos` as it arrives. The record is very wide (lead,
 * CRM, handoff, voice, cost, token usage); only what the gateway reads is typed, everything
 * is optional because the vendor omits freely, and extra fields are allowed.
 */

export interface ConvocoreAssignee {
  userId?: string;
  name?: string;
  email?: string;
  status?: string;
  assignedAt?: string | number;
  [field: string]: unknown;
}

export interface ConvocoreHandoff {
  requestedAt?: number;
  acceptedAt?: number;
  completedAt?: number;
  acceptedBy?: string;
  [field: string]: unknown;
}

export interface ConvocoreVoiceCall {
  /** USD. */
  cost?: number;
  /** Seconds. */
  callDuration?: number;
  callerPhoneNumber?: string;
  calleePhoneNumber?: string;
  callStatus?: string;
  [field: string]: unknown;
}

export interface ConvocoreTokenUsage {
  cumulativeTotalTokens?: number;
  cumulativeUsd?: number;
  [field: string]: unknown;
}

export interface ConvocoreConversation {
  ID?: string;
  /** The caller's phone number on calls: NOT unique per conversation. */
  userID?: string;
  contactIdentityId?: string;
  /** Unix seconds (milliseconds when above 10^12); the vendor's sort key, the last activity. */
  ts?: number;
  firstMessageTS?: number;
  lastMessageTS?: number;
  messagesNum?: number;
  userName?: string;
  userEmail?: string;
  userPhone?: string;
  tags?: string[];
  /** Channel; the spec leaves its type open (`origin: {}`). */
  origin?: unknown;
  state?: string;
  title?: string;
  lastMessage?: string;
  convoTimeSeconds?: number;
  summary?: string;
  ratingFrom5?: number;
  lang?: string;
  language?: string;
  assignedTo?: ConvocoreAssignee;
  chatAssignedTo?: string;
  handoffHistory?: ConvocoreHandoff[];
  humanClaimedAt?: number | null;
  humanLastRepliedAt?: number | null;
  pendingAiReplyAt?: number | null;
  vapi?: ConvocoreVoiceCall;
  tokenUsage?: ConvocoreTokenUsage;
  [field: string]: unknown;
}

export interface ConvocoreListResponse {
  success: boolean;
  message: string;
  data: ConvocoreConversation[];
}

/** Every error status: `{ message, code, issues? }` (tRPC-style codes such as `UNAUTHORIZED`). */
export interface ConvocoreErrorBody {
  message: string;
  code: string;
  issues?: { message: string }[];
}
