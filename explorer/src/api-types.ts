/** What the gateway's public API answers, as the page reads it (see the README's endpoint reference). */

import type { ConversationAnalysis, Message } from '../../src/contract/conversation-detail.js';
import type { Row } from '../../src/contract/row.js';
import type { CountStop, CountTotals } from '../../src/conversations/conversation-counts.js';
import type { SourceStatus } from '../../src/conversations/source-status.js';

// The row and its enums are the gateway's own contract; row.ts imports nothing, so the bundle takes only the two lists.
export type { ConversationAnalysis, CountStop, Message, Row };

export interface StalledRow extends Row {
  agentId: string;
  category: string;
  latestInboundAt: string | null;
  waitingMinutes: number | null;
  assigneeNames: string[];
}

export type { SourceStatus };

export interface SourceReport {
  source: string;
  vendor: string;
  status: SourceStatus;
  requests: number;
  latencyMs: number;
  skipped: number;
  cached: boolean;
  stale: boolean;
  fetchedAt?: string;
  retryAfterSec?: number;
  error?: { code: string; message: string };
}

export interface Page<R> {
  rows: R[];
  pagination: { limit: number; hasMore: boolean; nextCursor: string | null };
  sources: SourceReport[];
  partial: boolean;
}

/** `GET /v1/agents/{agentId}/conversations/{rowId}`. */
export interface ConversationDetail {
  row: Row;
  messages: Message[];
  recordingUrl: string | null;
  summary: string | null;
  analysis: ConversationAnalysis | null;
  transcript: { status: 'ok' | 'unsupported' | 'unavailable' | 'error'; reason?: string; error?: { code: string; message: string } };
  source: SourceReport;
  partial: boolean;
}

/** `GET …/conversations/counts`: the rows of a filter, by source, and per state and channel over every other filter. */
export interface Counts extends CountTotals {
  sources: (SourceReport & { complete: boolean })[];
}

export interface Agent {
  id: string;
  name: string;
  org: string;
  department: string | null;
  sources: { source: string; vendor: string; vendorAgentId: string }[];
}

export { CHANNEL_TYPES as CHANNELS, CONVERSATION_STATES as STATES } from '../../src/contract/row.js';
