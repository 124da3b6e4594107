import type { SourceBinding } from '../../src/contract/index.js';

/**
 * Raw Retell shapes of `POST /v3/list-calls`. Tolerant on
 * purpose: every field may be missing or null, extra fields pass.
 */

export interface RetellCallAnalysis {
  call_summary?: string | null;
  call_successful?: boolean | null;
  user_sentiment?: string | null;
  [field: string]: unknown;
}

export interface RetellCall {
  call_id?: string | null;
  agent_id?: string | null;
  agent_version?: number | null;
  /** Web calls only: the token to join the call room. */
  access_token?: string | null;
  /** `web_call`, `phone_call`. */
  call_type?: string | null;
  /** `registered`, `not_connected`, `ongoing`, `ended`, `error`. */
  call_status?: string | null;
  direction?: string | null;
  from_number?: string | null;
  to_number?: string | null;
  /** Epoch milliseconds (not seconds). */
  start_timestamp?: number | null;
  end_timestamp?: number | null;
  /** Milliseconds. */
  duration_ms?: number | null;
  call_analysis?: RetellCallAnalysis | null;
  /** `combined_cost` is in cents. */
  call_cost?: { combined_cost?: number | null; [field: string]: unknown } | null;
  disconnection_reason?: string | null;
  [field: string]: unknown;
}

/** v3 response; v2 answered a bare array. */
export interface RetellCallList {
  items: RetellCall[];
  pagination_key?: string | null;
  has_more?: boolean;
}

/** v3 typed filters: one `{ op, type, value }` per field; lists are `in` enums. */
export interface RetellEnumFilter<Value extends string = string> {
  op: 'in';
  type: 'enum';
  value: Value[];
}

/** The values v3 accepts in its enum filters (a `registered` call cannot be filtered by status). */
export const RETELL_FILTER_ENUMS = {
  call_status: ['not_connected', 'ongoing', 'ended', 'error'],
  call_type: ['web_call', 'phone_call'],
  direction: ['inbound', 'outbound'],
  user_sentiment: ['Negative', 'Positive', 'Neutral', 'Unknown'],
} as const;
type EnumOf<Field extends keyof typeof RETELL_FILTER_ENUMS> = RetellEnumFilter<(typeof RETELL_FILTER_ENUMS)[Field][number]>;

export interface RetellNumberFilter {
  op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
  type: 'number';
  value: number;
}

/** Inclusive `[lower, upper]`. */
export interface RetellRangeFilter {
  op: 'bt';
  type: 'range';
  value: [number, number];
}

export interface RetellStringFilter {
  op: 'eq' | 'ne' | 'sw' | 'ew' | 'co';
  type: 'string';
  value: string;
}

export interface RetellBooleanFilter {
  op: 'eq';
  type: 'boolean';
  value: boolean;
}

/** v3 `filter_criteria` (the fields we send or the simulator serves); every condition is ANDed. */
export interface RetellFilterCriteria {
  /** Agents are ORed; `version` narrows one agent to some of its versions. */
  agent?: { agent_id: string; version?: number[] }[];
  call_id?: RetellStringFilter | RetellEnumFilter;
  call_status?: EnumOf<'call_status'>;
  call_type?: EnumOf<'call_type'>;
  direction?: EnumOf<'direction'>;
  disconnection_reason?: RetellEnumFilter;
  user_sentiment?: EnumOf<'user_sentiment'>;
  call_successful?: RetellBooleanFilter;
  from_number?: RetellStringFilter;
  to_number?: RetellStringFilter;
  /** Epoch ms. */
  start_timestamp?: RetellNumberFilter | RetellRangeFilter;
  end_timestamp?: RetellNumberFilter | RetellRangeFilter;
  duration_ms?: RetellNumberFilter | RetellRangeFilter;
  /** Cents. */
  combined_cost?: RetellNumberFilter | RetellRangeFilter;
}

export interface RetellListRequest {
  filter_criteria?: RetellFilterCriteria;
  sort_order?: 'ascending' | 'descending';
  limit?: number;
  pagination_key?: string;
}

/** Every error status. */
export interface RetellErrorBody {
  status?: 'error';
  message?: string;
}

/** The agent a source binding reads (`{ agentId }`). */
export function retellAgentId(binding: SourceBinding): string {
  return typeof binding.agentId === 'string' ? binding.agentId : '';
}
