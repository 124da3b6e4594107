import type { PagePosition, RequestContext, Row } from '../../src/contract/index.js';
import type { SourceCursor } from '../../src/cursor/walk-cursor.js';
import type { ConversationFilters } from '../../src/filters/conversation-filters.js';
import { mapPage } from '../../src/merge/mapped-page.js';
import { cursorsOf, mergeWalks } from '../../src/merge/merged-walk.js';
import type { RowKey } from '../../src/merge/row-key.js';
import type { SourceRuntime } from '../../src/merge/source-runtime.js';
import { SourceWalk } from '../../src/merge/source-walk.js';
import type { PageReader } from '../../src/merge/source-usage.js';
import { parseVendorPage } from '../../src/paging/page-positions.js';
import { VendorFailure } from '../../src/upstream/vendor-failure.js';
import type { MemoryVendor } from './memory-vendors.js';

/**
 * The merge engine alone (source walks, k-way merge, per-source cursors) over memory
 * vendors, with no HTTP, no codec and no vendor client: fast enough to judge every mutant
 * of the engine with many walks. The resume point crosses requests as JSON, as it does
 * inside a signed cursor.
 */

export function memoryRuntime(vendor: MemoryVendor): SourceRuntime {
  return { name: vendor.name, adapter: vendor.adapter, binding: { connection: vendor.name }, lagMs: vendor.lagMs };
}

/** Reads a memory vendor's page as the gateway's reader does (request, parse, map); a failing vendor throws. */
export function memoryPageReader(vendor: MemoryVendor, reads: PagePosition[] = []): PageReader {
  const runtime = memoryRuntime(vendor);
  return async (position, pageSize) => {
    reads.push(position);
    if (vendor.failing) throw new VendorFailure('VENDOR_HTTP_ERROR', 'memory vendor down');
    const context: RequestContext = { binding: runtime.binding, credential: 'memory', pageSize, position, bounds: { lagMs: vendor.lagMs }, wantSummary: false };
    // Through JSON, as over the wire: a later change to a record must not reach a page already read.
    const body: unknown = JSON.parse(JSON.stringify(vendor.serve(vendor.adapter.buildRequest(context))));
    const page = await mapPage(runtime, parseVendorPage(vendor.adapter, body, context), 100);
    return { page, cost: { requests: 1, fetchedAt: Date.now(), cached: false } };
  };
}

export interface EngineWalkOptions {
  limit: number;
  filters?: ConversationFilters;
  /** Vendor pages one source may read in one request. */
  maxPages?: number;
  /** Runs before each request after the first, with its index. */
  between?: (request: number) => void;
  /** The deadline, asked by the merge; never passed by default. */
  pastDeadline?: (request: number) => () => boolean;
}

export interface EngineSourceReport {
  source: string;
  /** Vendor pages read on this request. */
  reads: PagePosition[];
  failed?: string;
  skipped: number;
  outOfOrder: number;
  repeated: boolean;
}

export interface EnginePage {
  rows: Row[];
  hasMore: boolean;
  sources: EngineSourceReport[];
}

export interface EngineWalk {
  rows: Row[];
  pages: EnginePage[];
}

interface Resume {
  boundary?: RowKey;
  sources: Record<string, SourceCursor>;
}

/** Follows the walk to its end (at most `maxRequests` requests), as a caller following `nextCursor`. */
export async function walkEngine(vendors: readonly MemoryVendor[], options: EngineWalkOptions, maxRequests = 2_000): Promise<EngineWalk> {
  const walk: EngineWalk = { rows: [], pages: [] };
  let resume: Resume | undefined;
  for (let request = 0; request < maxRequests; request += 1) {
    if (request > 0) options.between?.(request);
    const { page, next } = await readEnginePage(vendors, options, resume, options.pastDeadline?.(request));
    walk.pages.push(page);
    walk.rows.push(...page.rows);
    if (!page.hasMore) return walk;
    resume = next;
  }
  throw new Error(`the walk did not end within ${maxRequests} requests`);
}

/** One request of the engine: its page and the resume point its cursor would carry. */
export async function readEnginePage(
  vendors: readonly MemoryVendor[],
  options: EngineWalkOptions,
  resume: Resume | undefined,
  pastDeadline: () => boolean = () => false,
): Promise<{ page: EnginePage; next: Resume }> {
  const sources = vendors.map((vendor) => {
    const reads: PagePosition[] = [];
    const walk = new SourceWalk(memoryRuntime(vendor), resume?.sources[vendor.name], memoryPageReader(vendor, reads), {
      filters: options.filters ?? {},
      startBoundary: resume?.boundary,
      maxPages: options.maxPages ?? 10_000,
      // The vendor's own page size, though a time window may read larger pages (a tie that fills one).
      pageSize: vendor.pageSize,
    });
    return { walk, reads };
  });
  const walks = sources.map(({ walk }) => walk);
  const merged = await mergeWalks(walks, options.limit, resume?.boundary, pastDeadline);
  const page: EnginePage = {
    rows: merged.rows,
    hasMore: merged.hasMore,
    sources: sources.map(({ walk, reads }) => ({
      source: walk.source.name,
      reads,
      ...(walk.failed ? { failed: walk.failed.code } : {}),
      skipped: walk.skipped,
      outOfOrder: walk.outOfOrder,
      repeated: walk.repeated,
    })),
  };
  const next = JSON.parse(JSON.stringify({ ...(merged.boundary ? { boundary: merged.boundary } : {}), sources: cursorsOf(walks) })) as Resume;
  return { page, next };
}
