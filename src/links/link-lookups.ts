import { LRUCache } from 'lru-cache';
import { detailBelongsToBinding, type DetailRead, type Row } from '../contract/index.js';
import type { AgentSource } from '../agents/agent-directory.js';
import { readDetail } from '../conversations/read-detail.js';
import type { FinishedDetails } from '../conversations/finished-details.js';
import { rowOf } from '../merge/mapped-page.js';
import type { ReadContext } from '../upstream/read-context.js';
import type { VendorClient } from '../upstream/vendor-client.js';
import { VendorFailure } from '../upstream/vendor-failure.js';

/**
 * What a lookup found: the row, `null` when the vendor says there is none, `unconfirmed`
 * when the vendor failed to tell, `cut` when the request's own limits stopped the read (its
 * vendor calls, its deadline, its caller gone): the walk stops before the row, to go on later.
 */
export type LookupAnswer = Row | null | 'unconfirmed' | 'cut';

interface Lookup {
  kind: 'original' | 'copy';
  source: AgentSource;
  id: string;
  context: ReadContext;
  detail: DetailRead;
  /** Where an ended original's detail is kept (the detail route's too); none for a copy read by another id. */
  finished?: FinishedDetails;
  spent(calls: number): void;
}

/**
 * The vendor reads that confirm a link between a copy and its original, each one a detail
 * read through the one pipeline (the request's deadline, budget and caller): the original
 * by its id on its own source, the copy by the original's id on the importing source. An
 * answer is kept for the source's list TTL (`cacheTtlMs`), so a walk's next page does not
 * ask again; an original that ended is also kept with the finished details.
 */
export class LinkLookups {
  private readonly kept = new LRUCache<string, { row: Row | null }>({ max: 20_000, ttl: 1 });

  constructor(
    private readonly client: VendorClient,
    private readonly finished: FinishedDetails,
  ) {}

  /** The conversation `conversationId` of `source`, read by its detail read; `spent` is told the vendor calls it made. */
  original(source: AgentSource, conversationId: string, context: ReadContext, spent: (calls: number) => void): Promise<LookupAnswer> {
    const detail = source.runtime.adapter.detail;
    if (detail === undefined || !('reads' in detail)) return Promise.resolve('unconfirmed');
    return this.lookUp({ kind: 'original', source, id: conversationId, context, detail, finished: this.finished, spent });
  }

  /** The copy `source` imported of the conversation whose id on its own platform is `originalId`. */
  async copy(source: AgentSource, originalId: string, context: ReadContext, spent: (calls: number) => void): Promise<LookupAnswer> {
    const copies = source.runtime.adapter.copies;
    if (!copies) return 'unconfirmed';
    const found = await this.lookUp({ kind: 'copy', source, id: originalId, context, detail: copies.byOriginalId, spent });
    return typeof found === 'object' && found !== null && found.originalId !== originalId ? null : found;
  }

  private async lookUp({ kind, source, id, context, detail, finished, spent }: Lookup): Promise<LookupAnswer> {
    const key = JSON.stringify([kind, source.runtime.name, source.vendorAgentId, id]);
    const kept = this.kept.get(key);
    if (kept) return kept.row;
    let row: Row | null;
    try {
      const read = await readDetail(this.client, finished, source, detail, id, context);
      spent(read.usage.requests);
      const agentId = source.runtime.adapter.vendorAgentId(source.runtime.binding);
      const { raw: _raw, ...mapped } = rowOf(source.runtime, agentId, read.detail.row, undefined);
      row = detailBelongsToBinding(detail, read.detail, agentId) ? mapped : null;
    } catch (error) {
      const failure = VendorFailure.from(error);
      spent(failure.requests);
      if (failure.cutOff) return 'cut';
      if (failure.code !== 'VENDOR_NOT_FOUND') return 'unconfirmed';
      row = null;
    }
    if (source.connection.cacheTtlMs > 0) this.kept.set(key, { row }, { ttl: source.connection.cacheTtlMs });
    return row;
  }
}
