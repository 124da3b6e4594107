import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharedStore, type StoreState } from '../../src/store/shared-store.js';
import { PrivateRedis, settlesBeforeIO, uniquePrefix, until } from '../support/redis.js';

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
        // No command is queued or waited for while down: the fallback comes before any I/O is read.
        const answer = write('2');
        expect(await settlesBeforeIO(answer)).toBe(true);
        expect(await answer).toBe('fallback');
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
    const prefix = uniquePrefix('store');
    const store = new SharedStore({ url: redis.url, keyPrefix: prefix, commandTimeoutMs: 50 });
    try {
      await until(() => store.state === 'up', 5_000, 'first connection');
      const answer = store.attempt((client) => client.set('busy', '1'), () => 'fallback');
      // ioredis sends its pipeline from a setImmediate: this one runs right after it, before any socket is read.
      await new Promise((resolve) => setImmediate(resolve));
      const sentAt = Date.now();
      // Busy (each look blocks this process) until Redis has run the command, so its answer
      // waits unread in the socket, and until the timeout has passed.
      const ran = () => execFileSync('redis-cli', ['-p', String(redis.port), 'GET', `${prefix}busy`]).toString().trim() === '1';
      while (!ran() || Date.now() < sentAt + 100);
      expect(await answer).toBe('OK');
      expect(store.state).toBe('up');
    } finally {
      store.close();
    }
  });
});
