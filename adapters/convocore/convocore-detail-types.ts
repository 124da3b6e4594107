import type { ConvocoreConversation } from './convocore-types.js';

/**
 * Raw Convocore v3 single-conversation reads: `GET /agents/{agentId}/convos/{convoId}` (the
 * list's record, metadata only) and `GET …/{convoId}/export?format=json` (the turns).
 * Tolerant: everything optional, extra fields pass.
 */

export interface ConvocoreConversationResponse {
  success?: boolean;
  message?: string;
  data?: ConvocoreConversation | null;
}

export interface ConvocoreExportMessage {
  /** `text`; other kinds (`launch`, choices, cards, ...) may carry no words. */
  type?: string | null;
  /** Human-readable, no zone: `December 1st 2024, 10:30:00 am` (convocore-export-time.ts). */
  ts?: string | null;
  payload?: { message?: string | null; feedback?: string | null; aiGenerated?: boolean | null; [field: string]: unknown } | null;
  [field: string]: unknown;
}

/** Consecutive messages of one sender: `user` or `bot` (v3); older exports also say `human`. */
export interface ConvocoreExportTurn {
  from?: string | null;
  messages?: ConvocoreExportMessage[] | null;
  [field: string]: unknown;
}

export interface ConvocoreExport {
  metadata?: { feedback?: string | null; convo?: Record<string, unknown> | null; [field: string]: unknown } | null;
  turns?: ConvocoreExportTurn[] | null;
  [field: string]: unknown;
}

export interface ConvocoreExportResponse {
  success?: boolean;
  message?: string;
  data?: ConvocoreExport | null;
}
