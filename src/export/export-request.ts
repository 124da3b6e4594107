import type { PageRequest } from '../conversations/read-conversations-page.js';

/** An export is a page request without a page: every row of the walk, from `cursor` on. */
export type ExportRequest = Omit<PageRequest, 'limit' | 'strict'> & {
  /** Each line carries the conversation's `messages` and `transcript` status (detail reads, run ahead). */
  includeTranscript?: boolean;
};
