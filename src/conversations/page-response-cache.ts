import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { ConversationsPage } from './read-conversations-page.js';

/** A page as the response cache keeps it: the merged page, its entity tag and when it goes stale. */
interface CachedResponse {
  page: ConversationsPage;
  etag: string;
  freshUntil: number;
  /** The page's text held nothing the secret scrubber redacts: its answers need no second pass. */
  clean: boolean;
}

export interface PageResponseCacheOptions {
  maxEntries: number;
  /** Budget for the kept pages, about (rows are counted, not serialized). */
  maxBytes: number;
  now?: () => number;
  /** The response scrubber: a page it would leave unchanged is marked clean when kept. */
  scrub?: (text: string) => string;
}

export const DEFAULT_PAGE_RESPONSES: PageResponseCacheOptions = { maxEntries: 1_000, maxBytes: 32 * 1024 * 1024 };

/**
 * Merged pages kept while every vendor page behind them is still fresh in the vendor
 * page cache: the same request again (same organization, agent, query and cursor) is
 * answered without merging, and a poller that sends the page's `ETag` back in
 * `If-None-Match` gets a 304. A page is never kept longer than the shortest TTL of the
 * vendor pages it was merged from, nor when it is partial, stale or had a failing source.
 */
export class PageResponseCache {
  private readonly pages: LRUCache<string, CachedResponse>;
  private readonly now: () => number;
  private readonly scrub: ((text: string) => string) | undefined;

  constructor(options: PageResponseCacheOptions = DEFAULT_PAGE_RESPONSES) {
    this.now = options.now ?? Date.now;
    this.scrub = options.scrub;
    this.pages = new LRUCache({ max: options.maxEntries, maxSize: options.maxBytes, sizeCalculation: sizeOf });
  }

  /** A kept page, its sources reported as served from the cache (no vendor request, no latency). */
  get(key: string): { page: ConversationsPage; etag: string; clean: boolean } | undefined {
    const entry = this.pages.get(key);
    if (!entry) return undefined;
    if (this.now() >= entry.freshUntil) {
      this.pages.delete(key);
      return undefined;
    }
    const sources = entry.page.sources.map((source) => ({ ...source, requests: 0, latencyMs: 0, cached: true }));
    return { page: { ...entry.page, sources }, etag: entry.etag, clean: entry.clean };
  }

  /** Keeps `page` (under `key`, when given) until `freshUntil` when nothing went wrong on it; returns its entity tag either way. */
  put(key: string | undefined, page: ConversationsPage, freshUntil: number | null): string {
    const etag = entityTagOf(page);
    if (key === undefined) return etag;
    const healthy = !page.partial && page.sources.every((source) => source.error === undefined && !source.stale);
    if (healthy && freshUntil !== null && freshUntil > this.now()) this.pages.set(key, { page, etag, freshUntil, clean: this.isClean(page) });
    return etag;
  }

  clear(): void {
    this.pages.clear();
  }

  /**
   * A kept page answered again differs only in its sources' counters, so when its text
   * has nothing to redact, neither has any answer made from it.
   */
  private isClean(page: ConversationsPage): boolean {
    if (!this.scrub) return false;
    const text = JSON.stringify(page);
    return this.scrub(text) === text;
  }
}

/** The request's identity: organization, agent and the whole validated query. */
export function pageResponseKey(org: string, agentId: string, query: object): string {
  return JSON.stringify([org, agentId, Object.entries(query).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
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

/** Does `If-None-Match` name this tag (a list, `*`, weak forms compared weakly as RFC 9110 says)? */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}

function sizeOf(entry: CachedResponse): number {
  return 1024 + entry.page.rows.reduce((sum, row) => sum + (row.raw === undefined ? 1024 : 4096), 0);
}
