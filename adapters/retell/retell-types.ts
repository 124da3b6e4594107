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

export interface RetellFilterCriteria {
  agent_id?: string[];
  call_status?: string[];
  direction?: string[];
  /** Inclusive thresholds, epoch ms. */
  start_timestamp?: { lower_threshold?: number; upper_threshold?: number };
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
