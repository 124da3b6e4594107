import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { ConversationsPage } from './read-conversations-page.js';

/** A kept first page as it is answered again: the body ready to write, and its entity tag. */
export interface KeptAnswer {
  /** The whole answer as the route serializes it, its sources marked as served from the cache, already scrubbed. */
  body: Buffer;
  etag: string;
}

interface KeptEntry extends KeptAnswer {
  freshUntil: number;
}

export interface PageResponseCacheOptions {
  maxEntries: number;
  /** Budget for the kept answers' bodies, in bytes. */
  maxBytes: number;
  now?: () => number;
  /** The response scrubber: a kept answer is scrubbed once, when it is kept, not on every answer. */
  scrub?: (text: string) => string;
}

export const DEFAULT_PAGE_RESPONSES: PageResponseCacheOptions = { maxEntries: 1_000, maxBytes: 32 * 1024 * 1024 };

/** What an entry costs beside its body: key, tag and the cache's own bookkeeping, about. */
const ENTRY_OVERHEAD_BYTES = 512;

/**
 * Merged pages kept while every vendor page behind them is still fresh in the vendor
 * page cache: the same request again (same organization, agent, query and cursor) is
 * answered without merging, and a poller that sends the page's `ETag` back in
 * `If-None-Match` gets a 304. A page is never kept longer than the shortest TTL of the
 * vendor pages it was merged from, nor when it is partial, stale or had a failing source.
 * It is kept serialized: a repeated request costs neither a merge nor a serialization
 * nor a scrubbing pass.
 */
export class PageResponseCache {
  private readonly answers: LRUCache<string, KeptEntry>;
  private readonly now: () => number;
  private readonly scrub: (text: string) => string;

  constructor(options: PageResponseCacheOptions = DEFAULT_PAGE_RESPONSES) {
    this.now = options.now ?? Date.now;
    this.scrub = options.scrub ?? ((text) => text);
    this.answers = new LRUCache({ max: options.maxEntries, maxSize: options.maxBytes, sizeCalculation: (entry) => entry.body.length + ENTRY_OVERHEAD_BYTES });
  }

  /** The kept answer to the request `key` names, while it is fresh. */
  get(key: string): KeptAnswer | undefined {
    const entry = this.answers.get(key);
    if (!entry) return undefined;
    if (this.now() >= entry.freshUntil) {
      this.answers.delete(key);
      return undefined;
    }
    return entry;
  }

  /**
   * Keeps `page` (under `key`, when given) until `freshUntil` when nothing went wrong on
   * it, as `serialize` writes it with its sources reported as served from the cache (no
   * vendor request, no latency); returns its entity tag either way.
   */
  put(key: string | undefined, page: ConversationsPage, freshUntil: number | null, serialize: (page: ConversationsPage) => string): string {
    const etag = entityTagOf(page);
    if (key === undefined) return etag;
    const healthy = !page.partial && page.sources.every((source) => source.error === undefined && !source.stale);
    if (healthy && freshUntil !== null && freshUntil > this.now()) {
      const sources = page.sources.map((source) => ({ ...source, requests: 0, latencyMs: 0, cached: true }));
      const body = Buffer.from(this.scrub(serialize({ ...page, sources })));
      this.answers.set(key, { body, etag, freshUntil });
    }
    return etag;
  }

  clear(): void {
    this.answers.clear();
  }
}

/**
 * The request's identity: organization, agent and the whole validated query, in name
 * order. Each part is a JSON token (strings quoted and escaped), so no two requests share a key.
 */
export function pageResponseKey(org: string, agentId: string, query: object): string {
  const values = query as Record<string, unknown>;
  let key = JSON.stringify(org) + JSON.stringify(agentId);
  for (const name of Object.keys(values).sort()) key += JSON.stringify(name) + JSON.stringify(values[name]);
  return key;
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
  if (header === etag) return true;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}
