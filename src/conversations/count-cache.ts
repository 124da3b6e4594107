import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { filterFingerprint } from '../filters/conversation-filters.js';
import type { SharedStore } from '../store/shared-store.js';
import type { ConversationCounts, CountRequest } from './count-conversations.js';
import { selectSources } from './open-walks.js';
import { servedFromCache } from './source-report.js';

interface KeptCounts {
  counts: ConversationCounts;
  /** Epoch ms on the clock of the replica that kept it. */
  expiresAt: number;
}

/**
 * Complete counts kept for `limits.countCacheTtlMs`: the same filter counted again by the
 * same organization for the same agent is answered without reading a vendor, in this
 * process and, with a shared store, on every replica (Redis). A partial count is never
 * kept: asked again, the walk may get further (its vendor pages now come from the page
 * cache, which costs no vendor call). The caller's access is checked before, kept or not.
 */
export class CountCache {
  private readonly local = new LRUCache<string, KeptCounts>({ max: 1_000 });

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
    private readonly store?: SharedStore,
  ) {}

  async find(key: string): Promise<ConversationCounts | undefined> {
    if (this.ttlMs <= 0) return undefined;
    const here = this.local.get(key);
    if (here) return this.fresh(key, here);
    if (!this.store) return undefined;
    const text = await this.store.attempt((redis) => redis.get(key), () => null);
    if (text === null) return undefined;
    const kept = JSON.parse(text) as KeptCounts;
    this.local.set(key, kept);
    return this.fresh(key, kept);
  }

  /** Keeps `counts` when they are complete, as a later answer gives them: marked cached, with no vendor call or latency. */
  async keep(key: string, counts: ConversationCounts): Promise<void> {
    if (this.ttlMs <= 0 || counts.partial) return;
    const sources = counts.sources.map(servedFromCache);
    const kept: KeptCounts = { counts: { ...counts, sources, cached: true }, expiresAt: this.now() + this.ttlMs };
    this.local.set(key, kept);
    const store = this.store;
    if (store) await store.attempt((redis) => redis.set(key, JSON.stringify(kept), 'PX', this.ttlMs), () => null);
  }

  private fresh(key: string, kept: KeptCounts): ConversationCounts | undefined {
    if (this.now() < kept.expiresAt) return kept.counts;
    this.local.delete(key);
    return undefined;
  }
}

/** A count's identity: the caller's organization, the agent, and the filters with the sources they select (an unknown source is a 400). */
export function countKey(request: CountRequest): string {
  const sources = selectSources(request.agent, request.sources).map((source) => source.runtime.name);
  const identity = JSON.stringify([request.callerOrg, request.agent.id, filterFingerprint(request.filters, sources)]);
  return `counts:${createHash('sha256').update(identity).digest('base64url')}`;
}
