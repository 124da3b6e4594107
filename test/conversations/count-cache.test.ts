import { afterEach, describe, expect, it } from 'vitest';
import { CountCache } from '../../src/conversations/count-cache.js';
import type { ConversationCounts } from '../../src/conversations/count-conversations.js';
import type { SharedStore } from '../../src/store/shared-store.js';
import { connectedStore, deleteKeys, uniquePrefix } from '../support/redis.js';

const opened: { store: SharedStore; prefix: string }[] = [];
afterEach(async () => {
  for (const { store, prefix } of opened.splice(0)) {
    store.close();
    await deleteKeys(prefix);
  }
});

function counts(overrides: Partial<ConversationCounts> = {}): ConversationCounts {
  return {
    total: 3,
    bySource: { a: 3 },
    byState: { autopilot: 0, 'awaiting-human': 0, human: 1, resolved: 2, failed: 0, unknown: 0 },
    byChannel: { voice: 3, sms: 0, email: 0, webchat: 0, whatsapp: 0, instagram: 0, messenger: 0, other: 0 },
    partial: false,
    partialBecause: [],
    sources: [{ source: 'a', vendor: 'memory', status: 'ok', requests: 2, latencyMs: 40, skipped: 0, cached: false, stale: false, complete: true }],
    countedAt: '2026-01-01T00:00:00.000Z',
    cached: false,
    ...overrides,
  };
}

describe('CountCache', () => {
  it('answers a complete count until its TTL passes, marked cached with no vendor call', async () => {
    let now = 1_000;
    const cache = new CountCache(30_000, () => now);
    await cache.keep('k', counts());
    expect(await cache.find('k')).toMatchObject({ total: 3, cached: true, countedAt: '2026-01-01T00:00:00.000Z', sources: [{ requests: 0, latencyMs: 0, cached: true }] });
    now += 29_999;
    expect(await cache.find('k')).toBeDefined();
    now += 1;
    expect(await cache.find('k')).toBeUndefined();
  });

  it('keeps no partial count, and nothing with a TTL of 0', async () => {
    const cache = new CountCache(30_000, () => 0);
    await cache.keep('partial', counts({ partial: true, partialBecause: ['calls'] }));
    expect(await cache.find('partial')).toBeUndefined();
    const off = new CountCache(0, () => 0);
    await off.keep('k', counts());
    expect(await off.find('k')).toBeUndefined();
  });

  it('with a shared store, a count kept by one replica answers on another', async () => {
    const prefix = uniquePrefix('count-cache');
    const [first, second] = [await connectedStore(prefix), await connectedStore(prefix)];
    opened.push({ store: first, prefix }, { store: second, prefix });
    const now = () => 5_000;
    await new CountCache(30_000, now, first).keep('shared', counts());
    expect(await new CountCache(30_000, now, second).find('shared')).toMatchObject({ total: 3, cached: true });
    // Past its time on the reading replica's clock, it is not answered.
    expect(await new CountCache(30_000, () => 40_000, second).find('shared')).toBeUndefined();
  });
});
