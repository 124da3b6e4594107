import type { PagePosition, RequestContext } from '../contract/index.js';
import type { AgentSource } from '../agents/agent-directory.js';
import { pushDownFiltersOf, type ConversationFilters } from '../filters/conversation-filters.js';
import { mapPage, type MappedPage } from '../merge/mapped-page.js';
import type { SourceRuntime } from '../merge/source-runtime.js';
import type { PageReader, PageRead } from '../merge/source-usage.js';
import { parseVendorPage } from '../paging/page-positions.js';
import type { ReadContext } from '../upstream/read-context.js';
import type { BodyReader, VendorClient } from '../upstream/vendor-client.js';

/**
 * How one source reads a vendor page for a walk: the adapter builds the request for the
 * position, the one vendor client reads it (the pipeline's layers) and maps the page once
 * per vendor call (the cache keeps the mapped page); the page comes back with its cost.
 */
/** `context`: the read context of each read (an export gives each read a deadline of its own). */
export function sourcePageReader(client: VendorClient, source: AgentSource, filters: ConversationFilters, wantSummary: boolean, context: ReadContext | (() => ReadContext)): PageReader {
  const { adapter, binding, lagMs } = source.runtime;
  const pushDown = pushDownFiltersOf(filters);
  return async (position: PagePosition, pageSize: number): Promise<PageRead> => {
    const request: RequestContext = {
      binding,
      credential: source.connection.credential,
      pageSize,
      position,
      bounds: { since: filters.since, until: filters.until, lagMs },
      wantSummary,
      filters: pushDown,
    };
    const mapped: BodyReader<MappedPage> = {
      kind: mappedPageKind(source.runtime),
      read: async (body, bytes) => {
        const page = await mapPage(source.runtime, parseVendorPage(adapter, body, request), bytes);
        return { value: page, sizeBytes: page.sizeBytes };
      },
    };
    const read = await client.read(source.connection, adapter.buildRequest(request), typeof context === 'function' ? context() : context, mapped);
    return {
      page: read.value,
      cost: { requests: read.requests, fetchedAt: read.fetchedAt, cached: read.cached, ...(read.staleBecause ? { staleBecause: read.staleBecause } : {}) },
    };
  };
}

/** Rows carry the source's name and are mapped with its binding: part of what the cache keys a mapped page by. */
const mappedKinds = new WeakMap<SourceRuntime, string>();

function mappedPageKind(source: SourceRuntime): string {
  let kind = mappedKinds.get(source);
  if (kind === undefined) {
    kind = `mapped:${JSON.stringify([source.name, source.binding])}`;
    mappedKinds.set(source, kind);
  }
  return kind;
}
