import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { SharedPageTier } from '../../src/store/shared-page-tier.js';
import type { SharedStore } from '../../src/store/shared-store.js';
import { connectedStore, deleteKeys, uniquePrefix, until } from '../support/redis.js';

interface Page {
  fetchedAt: number;
  rows: string[];
}

const opened: { store: SharedStore; prefix: string }[] = [];

async function replicas(count: number, name: string, lockMs?: number): Promise<SharedPageTier[]> {
  const prefix = uniquePrefix(name);
  const tiers: SharedPageTier[] = [];
  for (let index = 0; index < count; index += 1) {
    const store = await connectedStore(prefix);
    opened.push({ store, prefix });
    tiers.push(new SharedPageTier(store, { pollMs: 5, ...(lockMs === undefined ? {} : { lockMs }) }));
  }
  return tiers;
}

afterEach(async () => {
  for (const { store, prefix } of opened.splice(0)) {
    store.close();
    await deleteKeys(prefix);
  }
});

/** A vendor call that counts itself and answers after `ms`. */
function vendor(ms = 0) {
  const calls: number[] = [];
  return {
    calls,
    fetch: async (): Promise<Page> => {
      calls.push(Date.now());
      await new Promise((resolve) => setTimeout(resolve, ms));
      return { fetchedAt: Date.now(), rows: ['a', 'b'] };
    },
  };
}

describe('the Redis tier of the page cache', () => {
  it('hands a page one replica fetched to another within its TTL, stamped with the first fetch', async () => {
    const [first, second] = await replicas(2, 'tier-share');
    const source = vendor();
    const fetched = await first!.read('key-1', 60_000, Date.now() + 5_000, source.fetch);
    expect(fetched.fromFleet).toBe(false);
    const shared = await second!.read('key-1', 60_000, Date.now() + 5_000, source.fetch);
    expect(shared).toEqual({ page: fetched.page, fromFleet: true });
    expect(source.calls).toHaveLength(1);
  });

  it('does not hand out a page past its TTL, and stores nothing with TTL 0', async () => {
    const [first, second] = await replicas(2, 'tier-ttl');
    const source = vendor();
    const old = async (): Promise<Page> => ({ fetchedAt: Date.now() - 10_000, rows: ['old'] });
    await first!.read('key-old', 5_000, Date.now() + 5_000, old);
    expect((await second!.read('key-old', 5_000, Date.now() + 5_000, source.fetch)).fromFleet).toBe(false);
    await first!.read('key-zero', 0, Date.now() + 5_000, source.fetch);
    expect((await second!.read('key-zero', 0, Date.now() + 5_000, source.fetch)).fromFleet).toBe(false);
    expect(source.calls).toHaveLength(3);
  });

  it('makes one vendor call for identical concurrent misses on three replicas', async () => {
    const tiers = await replicas(3, 'tier-lock');
    const source = vendor(300);
    const reads = await Promise.all(tiers.map((tier) => tier.read('key-2', 60_000, Date.now() + 10_000, source.fetch)));
    expect(source.calls).toHaveLength(1);
    expect(reads.filter((read) => !read.fromFleet)).toHaveLength(1);
    expect(new Set(reads.map((read) => JSON.stringify(read.page))).size).toBe(1);
  });

  it('waits for another replica only until its own bound, then fetches itself', async () => {
    const [first, second] = await replicas(2, 'tier-bound');
    const slow = vendor(3_000);
    const quick = vendor(0);
    const holder = first!.read('key-3', 60_000, Date.now() + 10_000, slow.fetch);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    const waited = await second!.read('key-3', 60_000, Date.now() + 300, quick.fetch);
    expect(waited.fromFleet).toBe(false);
    expect(quick.calls).toHaveLength(1);
    // It gave up at its bound, long before the slow call ended (3 s).
    expect(Date.now() - started).toBeLessThan(2_500);
    await holder;
  });

  it('lets a waiting replica fetch once the lock holder failed', async () => {
    const [first, second] = await replicas(2, 'tier-failed');
    const source = vendor();
    const failing = first!.read('key-4', 60_000, Date.now() + 10_000, async (): Promise<Page> => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      throw new Error('vendor failed');
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const waiting = second!.read('key-4', 60_000, Date.now() + 10_000, source.fetch);
    await expect(failing).rejects.toThrow('vendor failed');
    expect((await waiting).fromFleet).toBe(false);
    expect(source.calls).toHaveLength(1);
  });

  it("a replica whose lock lapsed while it fetched never releases the lock another replica took since (before: GET then DEL could)", async () => {
    const [slow] = await replicas(2, 'tier-lapsed-lock', 300);
    // The next replica holds its lock long: only the slow one's may lapse.
    const next = new SharedPageTier(opened[1]!.store, { pollMs: 5, lockMs: 10_000 });
    let releaseNext!: () => void;
    const nextCalls: number[] = [];
    let slowCalled = false;
    const slowRead = slow!.read('key-lapse', 60_000, Date.now() + 5_000, async () => {
      slowCalled = true;
      // Outlives its lock: the next replica takes the lock meanwhile.
      await until(() => nextCalls.length > 0, 5_000, 'the next replica to take the lapsed lock');
      return { fetchedAt: Date.now(), rows: ['slow'] };
    });
    // The slow replica holds the lock first (on a busy machine the next one could otherwise win it).
    await until(() => slowCalled, 5_000, 'the slow replica to take the lock');
    const nextRead = next.read('key-lapse', 60_000, Date.now() + 5_000, async () => {
      nextCalls.push(Date.now());
      await new Promise<void>((resolve) => (releaseNext = resolve));
      return { fetchedAt: Date.now(), rows: ['next'] };
    });
    await slowRead;
    // The slow replica is done and let go of what it held: the lock the next one took is still there.
    const lockKey = `mutex:page-lock:${createHash('sha256').update('key-lapse').digest('base64url')}`;
    expect(await opened[0]!.store.redis.exists(lockKey)).toBe(1);
    releaseNext();
    await nextRead;
    await until(async () => (await opened[0]!.store.redis.exists(lockKey)) === 0, 5_000, 'the next replica to let go');
  });
});
