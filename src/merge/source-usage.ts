import type { PagePosition } from '../contract/index.js';
import type { VendorFailure } from '../upstream/vendor-failure.js';
import type { MappedPage } from './mapped-page.js';

/** What one vendor page read cost, as the pipeline returned it. */
export interface ReadCost {
  /** Real vendor calls, retries included; a page from the cache costs none. */
  requests: number;
  /** When the vendor call that produced the page was made, epoch ms. */
  fetchedAt: number;
  /** The page came from the cache (or an identical call in flight). */
  cached: boolean;
  /** The page was served past its TTL because the vendor failed this way. */
  staleBecause?: VendorFailure;
}

/** A mapped vendor page and what reading it cost. */
export interface PageRead {
  page: MappedPage;
  cost: ReadCost;
}

/** Reads one vendor page at a position, mapped; throws `VendorFailure` (saying how many calls it made) on any failure. */
export type PageReader = (position: PagePosition, pageSize: number) => Promise<PageRead>;

/** What one source cost over a walk (one gateway page, or a whole export), and where its pages came from. */
export interface SourceUsage {
  /** Real vendor calls, retries included; pages from the cache cost none. */
  requests: number;
  /** Vendor pages read, from the vendor or the cache. */
  pages: number;
  latencyMs: number;
  /** When the oldest vendor page used was fetched, epoch ms. */
  fetchedAt?: number;
  /** At least one page came from the cache (or from an identical call in flight). */
  cached: boolean;
  /** At least one page was served past its TTL because the vendor failed this way. */
  staleBecause?: VendorFailure;
}

export const NO_USAGE: SourceUsage = { requests: 0, pages: 0, latencyMs: 0, cached: false };

/** The usage after one more read: a page read (with its cost), or a failed read that made `requests` calls. */
export function withRead(usage: SourceUsage, latencyMs: number, read: ReadCost | { failedAfter: number }): SourceUsage {
  if ('failedAfter' in read) return { ...usage, requests: usage.requests + read.failedAfter, latencyMs: usage.latencyMs + latencyMs };
  return {
    requests: usage.requests + read.requests,
    pages: usage.pages + 1,
    latencyMs: usage.latencyMs + latencyMs,
    fetchedAt: Math.min(usage.fetchedAt ?? read.fetchedAt, read.fetchedAt),
    cached: usage.cached || read.cached,
    ...((usage.staleBecause ?? read.staleBecause) ? { staleBecause: usage.staleBecause ?? read.staleBecause } : {}),
  };
}
