import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { CallWindow, type AdmittedCall, type CallWindowSettings } from '../../src/store/call-window.js';
import { SharedStore } from '../../src/store/shared-store.js';
import { connectedStore, deleteKeys, PrivateRedis, uniquePrefix, until } from '../support/redis.js';

const opened: { store: SharedStore; prefix: string }[] = [];
afterEach(async () => {
  for (const { store, prefix } of opened.splice(0)) {
    store.close();
    await deleteKeys(prefix);
  }
});

/** One window of `settings` on each of `count` replicas sharing one Redis prefix. */
async function replicas(count: number, settings: CallWindowSettings): Promise<CallWindow[]> {
  const prefix = uniquePrefix('calls');
  const windows: CallWindow[] = [];
  for (let index = 0; index < count; index += 1) {
    const store = await connectedStore(prefix);
    opened.push({ store, prefix });
    windows.push(new CallWindow('vendor-a', settings, store));
  }
  return windows;
}

async function admitted(window: CallWindow): Promise<AdmittedCall> {
  const taken = await window.tryAdmit();
  if (!('ended' in taken)) throw new Error(`refused for ${taken.retryInMs} ms`);
  return taken;
}

/** Let through once what another replica said has reached Redis (asked every 20 ms, 2 s at most). */
async function admittedSettled(window: CallWindow): Promise<AdmittedCall> {
  for (let asked = 1; ; asked += 1) {
    const taken = await window.tryAdmit();
    if ('ended' in taken) return taken;
    if (asked >= 100) throw new Error(`still refused for ${taken.retryInMs} ms`);
    await sleep(20);
  }
}

async function refusal(window: CallWindow): Promise<number> {
  const taken = await window.tryAdmit();
  if ('ended' in taken) throw new Error('admitted');
  return taken.retryInMs;
}

describe('calls counted for the fleet', () => {
  it('caps the calls in flight across replicas: a call that ends frees its place at once', async () => {
    const [first, second, third] = await replicas(3, { limit: 2, afterEndMs: 0, longestCallMs: 5_000 });
    const one = await admitted(first!);
    await admitted(second!);
    expect(await refusal(third!)).toBeGreaterThan(0);
    one.ended();
    // Freed at once: as soon as the end has reached Redis (asked again meanwhile, 2 s at most).
    (await admittedSettled(third!)).ended();
  });

  it('counts a call per second until a second after it ended, not after it was let through', async () => {
    const [first, second] = await replicas(2, { limit: 1, afterEndMs: 1_000, longestCallMs: 5_000 });
    const slow = await admitted(first!);
    await sleep(1_100);
    // Let through more than a second ago, but still in flight: it may not have reached the vendor yet.
    await refusal(second!);
    const endedAt = Date.now();
    slow.ended();
    // Asked every 20 ms: let through a second after the end, once the place given back has reached Redis.
    const next = await admittedSettled(second!);
    expect(Date.now()).toBeGreaterThanOrEqual(endedAt + 999);
    expect(Date.now()).toBeLessThan(endedAt + 1_900);
    next.ended();
  });

  it('counts a call whose end is never told (its replica died) for its longest, then frees its place', async () => {
    const [first, second] = await replicas(2, { limit: 1, afterEndMs: 100, longestCallMs: 200 });
    await admitted(first!);
    const retryInMs = await refusal(second!);
    expect(retryInMs).toBeLessThanOrEqual(300);
    await sleep(retryInMs + 20);
    await admitted(second!);
  });

  it('on its own while Redis is down, first waits as long as a call the others let through may count', async () => {
    const down = new SharedStore({ url: 'redis://127.0.0.1:1', keyPrefix: uniquePrefix('calls') });
    try {
      const settings = { limit: 1, afterEndMs: 300, longestCallMs: 200 };
      const windows = [0, 1].map(() => new CallWindow('vendor-a', settings, down));
      expect(down.state).toBe('down');
      // A call let through by Redis just before counts for at most its longest and the time after its end.
      const waitMs = await refusal(windows[0]!);
      expect(waitMs).toBeGreaterThan(400);
      expect(waitMs).toBeLessThanOrEqual(500);
      await refusal(windows[1]!);
      await sleep(waitMs + 5);
      // Each replica alone: both are let through.
      const call = await admitted(windows[0]!);
      await admitted(windows[1]!);
      call.ended();
      expect(await refusal(windows[0]!)).toBeGreaterThan(200);
    } finally {
      down.close();
    }
  });

  it('brings Redis the calls it let through on its own once Redis is back', async () => {
    const redis = await PrivateRedis.start();
    const prefix = uniquePrefix('calls');
    const stores = [await connectedStore(prefix, redis.url), await connectedStore(prefix, redis.url)];
    try {
      const settings = { limit: 1, afterEndMs: 1_000, longestCallMs: 200 };
      const [first, second] = stores.map((store) => new CallWindow('vendor-a', settings, store));
      await redis.stop();
      await until(() => stores.every((store) => store.state === 'down'), 10_000, 'the stores to notice');
      await sleep((await refusal(first!)) + 5);
      (await admitted(first!)).ended();
      await redis.start();
      await until(() => stores.every((store) => store.state === 'up'), 15_000, 'the stores back');
      // The first replica's next call brings its own call of a moment ago: the fleet's one call of this second.
      await refusal(first!);
      await refusal(second!);
    } finally {
      for (const store of stores) store.close();
      await redis.stop();
    }
  });

  it('keeps its share of the budget while Redis is down: five a second over three replicas is one call per 600 ms each', async () => {
    const down = new SharedStore({ url: 'redis://127.0.0.1:1', keyPrefix: uniquePrefix('calls') });
    try {
      const window = new CallWindow('vendor-a', { limit: 5, afterEndMs: 1_000, longestCallMs: 100 }, down, () => 3);
      await sleep((await refusal(window)) + 5);
      const call = await admitted(window);
      // In flight: it counts for its longest and the 600 ms after.
      expect(await refusal(window)).toBeGreaterThan(600);
      call.ended();
      const retryInMs = await refusal(window);
      expect(retryInMs).toBeGreaterThan(500);
      expect(retryInMs).toBeLessThanOrEqual(600);
    } finally {
      down.close();
    }
  });
});
