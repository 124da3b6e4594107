/** What the gateway's public API answers, as the page reads it (see the README's endpoint reference). */

export interface Row {
  id: string;
  source: string;
  vendor: string;
  vendorAgentId: string;
  conversationId: string;
  contactId: string | null;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  channelType: string;
  conversationState: string;
  startedAt: string | null;
  endedAt: string | null;
  lastActivityAt: string | null;
  lastMessagePreview: string | null;
  messageCount: number | null;
  durationSec: number | null;
  summary: string | null;
  successful: boolean | null;
  rating: number | null;
  tags: string[];
  assignees: string[];
  cost: { amount: number; currency: string } | null;
  language: string | null;
  direction: string | null;
  hasAccess: boolean;
  raw?: unknown;
}

export interface StalledRow extends Row {
  agentId: string;
  category: string;
  latestInboundAt: string | null;
  waitingMinutes: number | null;
  assigneeNames: string[];
}

export type SourceStatus = 'ok' | 'error' | 'timeout' | 'rate_limited' | 'circuit_open' | 'skipped';

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

export interface Agent {
  id: string;
  name: string;
  org: string;
  department: string | null;
  sources: { source: string; vendor: string; vendorAgentId: string }[];
}

export const CHANNELS = ['voice', 'sms', 'email', 'webchat', 'whatsapp', 'instagram', 'messenger', 'other'] as const;
export const STATES = ['autopilot', 'awaiting-human', 'human', 'resolved', 'failed', 'unknown'] as const;
