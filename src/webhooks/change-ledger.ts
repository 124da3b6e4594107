import { LRUCache } from 'lru-cache';
import type { SharedStore } from '../store/shared-store.js';

/** How long the version of a row sent is remembered: a row unchanged longer than this and then touched is sent as new. */
const REMEMBER_MS = 30 * 86_400_000;
const LOCAL_ROWS = 100_000;

/**
 * The version of each row last queued for delivery, per agent: what tells a new row
 * (`conversation.created`) from a changed one (`conversation.updated`) and from one seen
 * again unchanged (nothing to send). In Redis with a store (every replica, every path,
 * polls and vendor events, sees the same), else in this process (bounded, least recently
 * used rows forgotten first).
 */
export interface ChangeLedger {
  /** The version last recorded, or undefined for a row never recorded. */
  versionOf(agentId: string, rowId: string): Promise<string | undefined>;
  record(agentId: string, rowId: string, version: string): Promise<void>;
}

export class LocalChangeLedger implements ChangeLedger {
  private readonly versions = new LRUCache<string, string>({ max: LOCAL_ROWS, ttl: REMEMBER_MS });

  async versionOf(agentId: string, rowId: string): Promise<string | undefined> {
    return this.versions.get(keyOf(agentId, rowId));
  }

  async record(agentId: string, rowId: string, version: string): Promise<void> {
    this.versions.set(keyOf(agentId, rowId), version);
  }
}

/**
 * The ledger in Redis. Unlike the store's caches it must not fall back quietly: a replica
 * that cannot read it cannot tell a change from a repeat, so a failure is thrown and the
 * change is found again by the next poll.
 */
export class FleetChangeLedger implements ChangeLedger {
  constructor(private readonly store: SharedStore) {}

  async versionOf(agentId: string, rowId: string): Promise<string | undefined> {
    return (await this.store.redis.get(`webhooks:seen:${keyOf(agentId, rowId)}`)) ?? undefined;
  }

  async record(agentId: string, rowId: string, version: string): Promise<void> {
    await this.store.redis.set(`webhooks:seen:${keyOf(agentId, rowId)}`, version, 'PX', REMEMBER_MS);
  }
}

function keyOf(agentId: string, rowId: string): string {
  return `${agentId}|${rowId}`;
}
