import { createHash } from 'node:crypto';
import { KeptAnswers, type KeptAnswersOptions } from './kept-answers.js';
import type { ConversationDetail } from './read-conversation-detail.js';
import { servedFromCache } from './source-report.js';

export const DEFAULT_DETAIL_ANSWERS: KeptAnswersOptions = { maxEntries: 2_000, maxBytes: 32 * 1024 * 1024 };

/**
 * Answers of `GET /v1/agents/{agentId}/conversations/{rowId}` for finished conversations,
 * kept serialized for as long as their details are (`detailCacheTtlMs`): the same caller
 * organization, agent and row again costs no read, serialization or scrubbing pass. Only an
 * answer served from the kept details is kept, never a partial one; access (agent, role) is
 * checked before a kept answer is looked up, and the row's binding was checked when it was read.
 */
export class DetailAnswers extends KeptAnswers<ConversationDetail> {
  constructor(options: KeptAnswersOptions = DEFAULT_DETAIL_ANSWERS) {
    super({ entityTagOf: detailTagOf, asKept: keptDetail }, options);
  }
}

function keptDetail(detail: ConversationDetail): ConversationDetail | undefined {
  if (detail.partial || !detail.source.cached || detail.transcript.status === 'error') return undefined;
  return { ...detail, source: servedFromCache(detail.source) };
}

/** A strong tag of what the answer says; timings and the source's costs are left out. */
function detailTagOf(detail: ConversationDetail): string {
  const { source, freshUntil: _freshUntil, ...said } = detail;
  const content = JSON.stringify([said, source.source, source.status, source.error?.code ?? null]);
  return `"${createHash('sha1').update(content).digest('base64url')}"`;
}
