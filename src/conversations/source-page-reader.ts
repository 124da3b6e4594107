import type { PagePosition, VendorPage } from '../contract/index.js';
import type { AgentSource } from '../agents/agent-directory.js';
import type { ConversationFilters } from '../filters/conversation-filters.js';
import type { PageReader } from '../merge/source-walk.js';
import type { VendorClient } from '../vendor/vendor-client.js';

/** What one source cost in one gateway request. */
export interface SourceUsage {
  requests: number;
  latencyMs: number;
  /** When the oldest vendor page used on this request was fetched, epoch ms. */
  fetchedAt?: number;
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
    const request = adapter.buildRequest({
      binding,
      credential: source.connection.credential,
      pageSize,
      position,
      bounds: { since: filters.since, until: filters.until, lagMs },
      wantSummary,
    });
    usage.requests += 1;
    const response = await client.send(source.connection, request, deadline);
    usage.latencyMs += response.latencyMs;
    usage.fetchedAt = Math.min(usage.fetchedAt ?? response.fetchedAt, response.fetchedAt);
    return adapter.parsePage(response.body);
  };
}
