import { createHash } from 'node:crypto';
import { KeptAnswers, type KeptAnswersOptions } from './kept-answers.js';
import type { ConversationsPage } from './read-conversations-page.js';
import { servedFromCache } from './source-report.js';

export { answerKey as pageResponseKey, matchesIfNoneMatch, type KeptAnswer } from './kept-answers.js';

export type PageResponseCacheOptions = KeptAnswersOptions;

export const DEFAULT_PAGE_RESPONSES: PageResponseCacheOptions = { maxEntries: 1_000, maxBytes: 32 * 1024 * 1024 };

/**
 * Merged first pages kept while every vendor page behind them is still fresh in the vendor
 * page cache: the same request again (same organization, agent, query) is answered without
 * merging. A page is never kept longer than the shortest TTL of the vendor pages it was
 * merged from, nor when it is partial, stale or had a failing source.
 */
export class PageResponseCache extends KeptAnswers<ConversationsPage> {
  constructor(options: PageResponseCacheOptions = DEFAULT_PAGE_RESPONSES) {
    super({ entityTagOf, asKept: keptPage }, options);
  }
}

function keptPage(page: ConversationsPage): ConversationsPage | undefined {
  // Links a vendor could not confirm this time are not kept either.
  const healthy = !page.partial && (page.links?.unconfirmed ?? 0) === 0 && page.sources.every((source) => source.error === undefined && !source.stale);
  return healthy ? { ...page, sources: page.sources.map(servedFromCache) } : undefined;
}

/**
 * A strong tag of what the page says: its rows, whether more follow and how each source
 * fared. The cursor (it carries an expiry) and timings are left out: they differ on every
 * computation of the same page, and a client following the page gets the same rows.
 */
export function entityTagOf(page: ConversationsPage): string {
  const content = JSON.stringify([
    page.rows,
    page.pagination.limit,
    page.pagination.hasMore,
    page.partial,
    page.sources.map((source) => [source.source, source.status, source.error?.code ?? null, source.skipped]),
  ]);
  return `"${createHash('sha1').update(content).digest('base64url')}"`;
}
