import type { PagePosition, RequestContext, VendorRequest } from '../contract/index.js';
import type { AgentSource } from '../agents/agent-directory.js';
import type { ConversationFilters } from '../filters/conversation-filters.js';
import { mapPage, type MappedPage } from '../merge/mapped-page.js';
import type { SourceRuntime } from '../merge/source-runtime.js';
import type { PageReader } from '../merge/walk-page-reads.js';
import type { ReadContext } from '../upstream/read-context.js';
import { VendorFailure } from '../upstream/vendor-failure.js';
import type { BodyReader, Connection, ReadResult, VendorClient } from '../upstream/vendor-client.js';

/** What one source cost in one gateway request, and where its pages came from. */
export interface SourceUsage {
  /** Real vendor calls, retries included; pages from the cache cost none. */
  requests: number;
  /** Vendor pages read, from the vendor or the cache. */
  pages: number;
  latencyMs: number;
  /** When the oldest vendor page used on this request was fetched, epoch ms. */
  fetchedAt?: number;
  /** At least one page came from the cache (or from an identical call in flight). */
  cached: boolean;
  /** At least one page was served past its TTL because the vendor failed this way. */
  staleBecause?: VendorFailure;
}

export function emptyUsage(): SourceUsage {
  return { requests: 0, pages: 0, latencyMs: 0, cached: false };
}

/**
 * Builds the vendor request for a position with the adapter, reads it through the one
 * vendor client, which maps the page once per vendor call (the cache keeps the mapped
 * page), and adds what each read cost to `usage` and to the request's `budget`.
 */
export function sourcePageReader(
  client: VendorClient,
  source: AgentSource,
  filters: ConversationFilters,
  wantSummary: boolean,
  context: ReadContext,
  usage: SourceUsage,
): PageReader {
  const { adapter, binding, lagMs } = source.runtime;
  return async (position: PagePosition, pageSize: number): Promise<MappedPage> => {
    const request: RequestContext = {
      binding,
      credential: source.connection.credential,
      pageSize,
      position,
      bounds: { since: filters.since, until: filters.until, lagMs },
      wantSummary,
      filters,
    };
    const mapped: BodyReader<MappedPage> = {
      kind: mappedPageKind(source.runtime),
      read: async (body, bytes) => {
        const page = await mapPage(source.runtime, adapter.parsePage(body, request), bytes);
        return { value: page, sizeBytes: page.sizeBytes };
      },
    };
    return readCounted(client, source.connection, adapter.buildRequest(request), context, mapped, usage);
  };
}

/** One read through the vendor client, its cost added to `usage`; returns the read's value. */
export async function readCounted<T>(
  client: VendorClient,
  connection: Connection,
  request: VendorRequest,
  context: ReadContext,
  reader: BodyReader<T>,
  usage: SourceUsage,
): Promise<T> {
  const started = Date.now();
  let response: ReadResult<T>;
  try {
    response = await client.read(connection, request, context, reader);
  } catch (error) {
    const failure = VendorFailure.from(error);
    usage.requests += failure.requests;
    throw failure;
  } finally {
    usage.latencyMs += Date.now() - started;
  }
  usage.requests += response.requests;
  usage.pages += 1;
  usage.cached ||= response.cached;
  usage.staleBecause ??= response.staleBecause;
  usage.fetchedAt = Math.min(usage.fetchedAt ?? response.fetchedAt, response.fetchedAt);
  return response.value;
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
