import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { MappedDetail } from '../contract/index.js';
import type { SharedStore } from '../store/shared-store.js';
import type { Connection } from '../upstream/connection.js';

/** A finished conversation's detail as kept: what was mapped and the vendor's bodies (for `include=raw`). */
export interface KeptDetail {
  detail: MappedDetail;
  bodies: Record<string, unknown>;
}

/**
 * The details of finished conversations: they no longer change, so they are kept for the
 * connection's `detailCacheTtlMs` (minutes, where a list page is kept seconds), in this
 * process and, with a shared store, in Redis for every replica. Keyed by connection and
 * conversation: whoever asks is checked against the binding each time, kept or not.
 */
export class FinishedDetails {
  private readonly local = new LRUCache<string, KeptDetail>({ max: 2_000, maxSize: 64 * 1024 * 1024, sizeCalculation: (kept) => sizeOf(kept), ttl: 1 });

  constructor(private readonly store?: SharedStore) {}

  async find(connection: Connection, conversationId: string): Promise<KeptDetail | undefined> {
    if (connection.detailCacheTtlMs <= 0) return undefined;
    const key = keyOf(connection, conversationId);
    const here = this.local.get(key);
    if (here || !this.store) return here;
    const text = await this.store.attempt((redis) => redis.get(key), () => null);
    if (text === null) return undefined;
    const kept = JSON.parse(text) as KeptDetail;
    this.local.set(key, kept, { ttl: connection.detailCacheTtlMs });
    return kept;
  }

  async keep(connection: Connection, conversationId: string, kept: KeptDetail): Promise<void> {
    if (connection.detailCacheTtlMs <= 0) return;
    const key = keyOf(connection, conversationId);
    this.local.set(key, kept, { ttl: connection.detailCacheTtlMs });
    const store = this.store;
    if (store) await store.attempt((redis) => redis.set(key, JSON.stringify(kept), 'PX', connection.detailCacheTtlMs), () => null);
  }
}

function keyOf(connection: Connection, conversationId: string): string {
  return `detail:${createHash('sha256').update(JSON.stringify([connection.name, conversationId])).digest('base64url')}`;
}

function sizeOf(kept: KeptDetail): number {
  return Math.max(1, JSON.stringify(kept).length * 2);
}
