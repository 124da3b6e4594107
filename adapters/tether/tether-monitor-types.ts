/**
 * Raw Tether shapes of `GET /api/conversation-monitor/report`. Tolerant on
 * purpose: optional wherever the vendor may omit a field, extra fields allowed.
 */

export type TetherMonitorCategory = 'ai_stuck' | 'agent_abandoned';

/** One row of `data.rows`. */
export interface TetherMonitorRow {
  conversationId?: string;
  contactId?: string;
  contactName?: string;
  contactPhone?: string | null;
  channelType?: string;
  latestInboundMessageId?: string | null;
  /** ISO 8601; null when the conversation has no inbound message. */
  latestInboundAt?: string | null;
  category?: TetherMonitorCategory | string;
  assigneeNames?: string[];
  hasAccess?: boolean;
  [field: string]: unknown;
}

export interface TetherMonitorPagination {
  page?: number;
  limit?: number;
  total?: number;
  totalPages?: number;
}

export interface TetherMonitorReport {
  organizationId?: string;
  /** When the snapshot the report reads was taken; null without one. */
  generatedAt?: string | null;
  thresholdMinutes?: number;
  totalCount?: number;
  snapshotMissing?: boolean;
  pagination?: TetherMonitorPagination;
  rows?: TetherMonitorRow[];
  [field: string]: unknown;
}

export interface TetherMonitorResponse {
  success?: true;
  data?: TetherMonitorReport;
}
