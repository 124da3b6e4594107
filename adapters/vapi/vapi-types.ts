import type { SourceBinding } from '../../src/contract/index.js';

/**
 * Raw Vapi shapes of `GET /call`. Tolerant on purpose: every
 * field may be missing or null, extra fields pass.
 */

/** `inboundPhoneCall`, `outboundPhoneCall`, `webCall`, `vapi.websocketCall`, ... */
export type VapiCallType = string;

export interface VapiCustomer {
  /** E.164 phone number. */
  number?: string | null;
  name?: string | null;
  email?: string | null;
  [field: string]: unknown;
}

export interface VapiMessage {
  /** `system`, `bot`, `user`, `tool_calls`, ... */
  role?: string | null;
  message?: string | null;
  [field: string]: unknown;
}

export interface VapiAnalysis {
  summary?: string | null;
  /** A string: `true` / `false` for the default rubric, a score or a label for others. */
  successEvaluation?: string | null;
  [field: string]: unknown;
}

export interface VapiCall {
  id?: string | null;
  orgId?: string | null;
  assistantId?: string | null;
  /** The Vapi phone number a phone call came in on or went out from. */
  phoneNumberId?: string | null;
  type?: VapiCallType | null;
  /** `scheduled`, `queued`, `ringing`, `in-progress`, `forwarding`, `ended`, ... */
  status?: string | null;
  endedReason?: string | null;
  /** ISO 8601; the paging key (`createdAtLe`). */
  createdAt?: string | null;
  updatedAt?: string | null;
  startedAt?: string | null;
  endedAt?: string | null;
  /** USD. */
  cost?: number | null;
  customer?: VapiCustomer | null;
  analysis?: VapiAnalysis | null;
  messages?: VapiMessage[] | null;
  [field: string]: unknown;
}

/** Every error status: NestJS style, `message` a string or a list of validation messages. */
export interface VapiErrorBody {
  message?: string | string[];
  error?: string;
  statusCode?: number;
}

/** The assistant a source binding reads (`{ assistantId }`). */
export function vapiAssistantId(binding: SourceBinding): string {
  return typeof binding.assistantId === 'string' ? binding.assistantId : '';
}
