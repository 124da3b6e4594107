import { afterAll, beforeAll } from 'vitest';
import { deleteKeys, REDIS_URL, uniquePrefix, until } from './redis.js';
import { startSandboxApp, type SandboxApp } from './sandbox-app.js';

/**
 * Two replicas (two sandbox apps) on the shared Redis, under a key prefix of the caller's own,
 * started before the file's tests once the store is up, and closed and cleaned after them.
 */
export function twoReplicasOnRedis(name: string): { readonly both: [SandboxApp, SandboxApp] } {
  const keyPrefix = uniquePrefix(name);
  const replicas: SandboxApp[] = [];
  beforeAll(async () => {
    for (let index = 0; index < 2; index += 1) {
      replicas.push(await startSandboxApp({ adjust: (config) => (config.store = { redis: { url: REDIS_URL, keyPrefix } }) }));
    }
    for (const replica of replicas) await until(() => replica.app.gateway.fleet.state === 'up', 10_000, 'the store');
  });
  afterAll(async () => {
    for (const replica of replicas) await replica.close();
    await deleteKeys(keyPrefix);
  });
  return {
    get both() {
      return replicas as [SandboxApp, SandboxApp];
    },
  };
}
