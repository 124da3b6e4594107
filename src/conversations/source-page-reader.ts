import type { PagePosition, RequestContext, VendorPage, VendorRequest } from '../contract/index.js';
import type { AgentSource } from '../agents/agent-directory.js';
import type { ConversationFilters } from '../filters/conversation-filters.js';
import type { PageReader } from '../merge/source-walk.js';
import type { VendorFailure } from '../upstream/vendor-failure.js';
import type { Connection, VendorClient } from '../upstream/vendor-client.js';

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
 * Builds the vendor request for a position with the adapter, sends it through the one
 * vendor client and reads the body back into a page, counting what it cost.
 */
export function sourcePageReader(
  client: VendorClient,
  source: AgentSource,
  filters: ConversationFilters,
  wantSummary: boolean,
  deadline: number,
  usage: SourceUsage,
): PageReader {
  const { adapter, binding, lagMs } = source.runtime;
  return async (position: PagePosition, pageSize: number): Promise<VendorPage> => {
    const context: RequestContext = {
      binding,
      credential: source.connection.credential,
      pageSize,
      position,
      bounds: { since: filters.since, until: filters.until, lagMs },
      wantSummary,
      filters,
    };
    const body = await sendCounted(client, source.connection, adapter.buildRequest(context), deadline, usage);
    return adapter.parsePage(body, context);
  };
}

/** Sends one request through the vendor client and adds what it cost to `usage`; returns the body. */
export async function sendCounted(
  client: VendorClient,
  connection: Connection,
  request: VendorRequest,
  deadline: number,
  usage: SourceUsage,
): Promise<unknown> {
  const started = Date.now();
  try {
    const response = await client.send(connection, request, deadline, usage);
    usage.pages += 1;
    usage.cached ||= response.cached;
    usage.staleBecause ??= response.staleBecause;
    usage.fetchedAt = Math.min(usage.fetchedAt ?? response.fetchedAt, response.fetchedAt);
    return response.body;
  } finally {
    usage.latencyMs += Date.now() - started;
  }
}
