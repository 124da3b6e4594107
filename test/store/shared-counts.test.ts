import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { SharedCounts } from '../../src/store/shared-counts.js';
import type { SharedStore } from '../../src/store/shared-store.js';
import { connectedStore, deleteKeys, PrivateRedis, REDIS_URL, settlesBeforeIO, uniquePrefix, until } from '../support/redis.js';

const opened: { store: SharedStore; prefix: string; url: string }[] = [];
afterEach(async () => {
  for (const { store, prefix, url } of opened.splice(0)) {
    store.close();
    if (url === REDIS_URL) await deleteKeys(prefix);
  }
});

/** `count` replicas' counts on one Redis prefix, and a reader of the fleet's count in Redis. */
async function replicas(count: number, url = REDIS_URL, maxStalenessMs?: number) {
  const prefix = uniquePrefix('counts');
  const counts: SharedCounts[] = [];
  for (let index = 0; index < count; index += 1) {
    const store = await connectedStore(prefix, url);
    opened.push({ store, prefix, url });
    counts.push(new SharedCounts(store, { maxStalenessMs, replicas: () => count }));
  }
  const inRedis = async (key: string) => {
    const redis = new Redis(url, { keyPrefix: prefix, maxRetriesPerRequest: 0 });
    try {
      return Number(await redis.get(key));
    } finally {
      redis.disconnect();
    }
  };
  return { counts, inRedis };
}

const WINDOW = 60_000;

describe('counts shared by replicas without a round trip per request', () => {
  it('answers from a lease far from the limit, and hands back what it did not use', async () => {
    const { counts, inRedis } = await replicas(2);
    const [first, second] = counts as [SharedCounts, SharedCounts];
    // The first request of a caller asks Redis: this replica knows nothing yet.
    const asked = first.increment('caller', WINDOW, 1_000);
    expect(await settlesBeforeIO(asked)).toBe(false);
    expect((await asked).current).toBe(1);
    for (let index = 2; index <= 50; index += 1) {
      const answer = first.increment('caller', WINDOW, 1_000);
      expect(await settlesBeforeIO(answer)).toBe(true);
      expect((await answer).current).toBeGreaterThanOrEqual(index);
    }
    await until(async () => (await inRedis('caller')) === 50, 5_000, 'the fleet count in Redis');
    // Another replica starts from the fleet's count.
    expect((await second.increment('caller', WINDOW, 1_000)).current).toBe(51);
  });

  it('asks Redis on every request near the limit, so replicas taking turns let exactly the limit through', async () => {
    const { counts, inRedis } = await replicas(3);
    const allowed: number[] = [];
    for (let index = 0; index < 60; index += 1) {
      const count = await counts[index % 3]!.increment('caller', WINDOW, 30);
      if (count.current <= 30) allowed.push(index);
      expect(count.ttl).toBeGreaterThan(0);
      expect(count.ttl).toBeLessThanOrEqual(WINDOW);
    }
    // Each replica's tally is two requests behind (the other two took a turn since it last
    // heard from Redis): trusted up to the limit, it would let 32 through.
    expect(allowed).toHaveLength(30);
    await until(async () => (await inRedis('caller')) === 60, 5_000, 'every request counted in Redis, the leases handed back');
  });

  it('a burst of 45 requests at a limit of 30 over three replicas lets at most 30 through (before: 35 of 45)', async () => {
    const { counts } = await replicas(3);
    // Each replica has heard from Redis lately: its tally is fresh, as under steady traffic.
    for (const counter of counts) await counter.increment('caller', WINDOW, 30);
    const burst = await Promise.all(Array.from({ length: 45 }, (_, index) => counts[index % 3]!.increment('caller', WINDOW, 30)));
    const allowed = 3 + burst.filter((count) => count.current <= 30).length;
    expect(allowed).toBeLessThanOrEqual(30);
    expect(allowed).toBeGreaterThanOrEqual(27);
  });

  it('answers a count already over the limit without asking Redis', async () => {
    const { counts } = await replicas(1);
    for (let index = 0; index < 11; index += 1) await counts[0]!.increment('caller', WINDOW, 10);
    const over = counts[0]!.increment('caller', WINDOW, 10);
    expect(await settlesBeforeIO(over)).toBe(true);
    expect((await over).current).toBe(12);
  });

  it('asks Redis again once its lease is older than maxStalenessMs', async () => {
    const { counts } = await replicas(1, REDIS_URL, 50);
    await counts[0]!.increment('caller', WINDOW, 1_000);
    expect(await settlesBeforeIO(counts[0]!.increment('caller', WINDOW, 1_000))).toBe(true);
    await sleep(150);
    expect(await settlesBeforeIO(counts[0]!.increment('caller', WINDOW, 1_000))).toBe(false);
  });

  it('starts a new window when the old one ends', async () => {
    const { counts } = await replicas(1);
    for (let index = 0; index < 3; index += 1) await counts[0]!.increment('caller', 200, 2);
    await sleep(300);
    expect((await counts[0]!.increment('caller', 200, 2)).current).toBe(1);
  });

  it('counts alone while Redis is down, and sends what it counted once Redis is back', async () => {
    const redis = await PrivateRedis.start();
    try {
      const { counts, inRedis } = await replicas(1, redis.url);
      const [counter] = counts as [SharedCounts];
      await counter.increment('caller', WINDOW, 1_000);
      await until(async () => (await inRedis('caller')) === 1, 5_000, 'the first count in Redis');
      await redis.stop();
      await until(() => opened[0]!.store.state === 'down', 5_000, 'the store to notice');
      for (let index = 2; index <= 5; index += 1) {
        const answer = counter.increment('caller', WINDOW, 1_000);
        expect(await settlesBeforeIO(answer)).toBe(true);
        expect((await answer).current).toBe(index);
      }
      await redis.start();
      await until(() => opened[0]!.store.state === 'up', 10_000, 'the store back');
      // A fresh Redis (nothing saved): the next request asks it and brings the four counted meanwhile.
      await counter.increment('caller', WINDOW, 1_000);
      await until(async () => (await inRedis('caller')) === 5, 5_000, 'the counts of the outage in Redis');
    } finally {
      await redis.stop();
    }
  });
});
