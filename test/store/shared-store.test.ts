import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharedStore, type StoreState } from '../../src/store/shared-store.js';
import { PrivateRedis, uniquePrefix, until } from '../support/redis.js';

describe('the shared store when Redis fails', () => {
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await PrivateRedis.start();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('falls back at once while Redis is down, says so once, and reconnects by itself', async () => {
    const store = new SharedStore({ url: redis.url, keyPrefix: uniquePrefix('store'), commandTimeoutMs: 200 }, { pauseAfterFailureMs: 200 });
    const changes: StoreState[] = [];
    store.onStateChange((state) => changes.push(state));
    try {
      await until(() => store.state === 'up', 5_000, 'first connection');
      const write = (value: string) => store.attempt((client) => client.set('k', value), () => 'fallback');
      expect(await write('1')).toBe('OK');

      await redis.stop();
      await until(() => store.state === 'down', 5_000, 'the store to notice');
      for (let index = 0; index < 20; index += 1) {
        const started = Date.now();
        expect(await write('2')).toBe('fallback');
        // No command is queued or waited for while down.
        expect(Date.now() - started).toBeLessThan(100);
      }
      expect(changes.filter((state) => state === 'down')).toHaveLength(1);

      await redis.start();
      await until(() => store.state === 'up', 10_000, 'the reconnection');
      expect(await write('3')).toBe('OK');
      expect(changes).toEqual(['down', 'up']);
    } finally {
      store.close();
    }
  });

  it('takes an answer that came in time while the process was busy, not a timeout', async () => {
    const store = new SharedStore({ url: redis.url, keyPrefix: uniquePrefix('store'), commandTimeoutMs: 50 });
    try {
      await until(() => store.state === 'up', 5_000, 'first connection');
      const answer = store.attempt((client) => client.ping(), () => 'fallback');
      // Busy well past the timeout: the timer is due before the socket with Redis' answer is read.
      const busyUntil = Date.now() + 300;
      while (Date.now() < busyUntil);
      expect(await answer).toBe('PONG');
      expect(store.state).toBe('up');
    } finally {
      store.close();
    }
  });
});
