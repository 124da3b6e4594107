import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile, parseConfig } from '../../src/config/load-config.js';
import { configuredSecrets } from '../../src/http/secret-scrubber.js';
import { startSandboxApp, type SandboxApp } from '../support/sandbox-app.js';
import { PrivateRedis, uniquePrefix, until } from '../support/redis.js';

/** Two apps (two replicas) on one Redis of the test's own, which the tests stop and start. */
describe('a replica with a shared store', () => {
  let redis: PrivateRedis;
  let replicas: SandboxApp[];
  beforeAll(async () => {
    redis = await PrivateRedis.start();
    const keyPrefix = uniquePrefix('app');
    replicas = [];
    for (let index = 0; index < 2; index += 1) {
      replicas.push(
        await startSandboxApp({
          adjust: (config) => {
            config.rateLimit = { enabled: true, max: 4, timeWindowMs: 60_000 };
            config.store = { redis: { url: redis.url, keyPrefix, commandTimeoutMs: 300 } };
          },
        }),
      );
    }
    for (const replica of replicas) await until(() => replica.app.gateway.fleet.state === 'up', 10_000, 'the store');
  });
  afterAll(async () => {
    for (const replica of replicas ?? []) await replica.close();
    await redis?.stop();
  });

  const agents = (replica: SandboxApp, sub: string) =>
    replica.app.inject({ url: '/v1/agents', headers: { authorization: `Bearer ${replica.token({ sub })}` } });

  it('says store up in /readyz and 1 in gateway_store_up', async () => {
    const ready = await replicas[0]!.app.inject({ url: '/readyz' });
    expect(ready.json()).toEqual({ status: 'ready', store: 'up' });
    expect((await replicas[0]!.app.inject({ url: '/metrics' })).body).toMatch(/^gateway_store_up 1$/m);
  });

  it('counts one caller budget for both replicas', async () => {
    const statuses = [];
    for (let index = 0; index < 8; index += 1) statuses.push((await agents(replicas[index % 2]!, 'shared-caller')).statusCode);
    expect(statuses.filter((status) => status === 200)).toHaveLength(4);
    expect(statuses.slice(4)).toEqual([429, 429, 429, 429]);
  });

  it('with Redis down, limits each replica on its own and still serves pages', async () => {
    await redis.stop();
    try {
      for (const replica of replicas) await until(() => replica.app.gateway.fleet.state === 'down', 10_000, 'the store to be down');
      const statuses = [];
      for (let index = 0; index < 5; index += 1) statuses.push((await agents(replicas[0]!, 'caller-while-down')).statusCode);
      expect(statuses).toEqual([200, 200, 200, 200, 429]);
      const page = await replicas[1]!.app.inject({
        url: '/v1/agents/support-bot/conversations?limit=10',
        headers: { authorization: `Bearer ${replicas[1]!.token({ sub: 'reader-while-down' })}` },
      });
      expect(page.statusCode).toBe(200);
      expect(page.json().data.rows).toHaveLength(10);
      expect((await replicas[1]!.app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready', store: 'down' });
      expect((await replicas[1]!.app.inject({ url: '/metrics' })).body).toMatch(/^gateway_store_up 0$/m);
    } finally {
      await redis.start();
    }
    for (const replica of replicas) await until(() => replica.app.gateway.fleet.state === 'up', 15_000, 'the store back');
  });

  it('with Redis hung (connection open, no answers), answers every request without waiting on it', async () => {
    const read = (index: number) =>
      replicas[index % 2]!.app.inject({
        url: `/v1/agents/support-bot/conversations?limit=${1 + index}`,
        headers: { authorization: `Bearer ${replicas[0]!.token({ sub: `hung-${index}` })}` },
      });
    redis.pause();
    try {
      const statuses = [];
      const durations = [];
      for (let index = 0; index < 20; index += 1) {
        const started = Date.now();
        statuses.push((await read(index)).statusCode);
        durations.push(Date.now() - started);
      }
      expect(statuses).toEqual(statuses.map(() => 200));
      // A request waiting on Redis would hang until its 10 s deadline; each pays at most one 300 ms command timeout.
      expect(Math.max(...durations)).toBeLessThan(5_000);
      expect(replicas.map((replica) => replica.app.gateway.fleet.state)).toEqual(['down', 'down']);
    } finally {
      redis.resume();
    }
  });
});

describe('store configuration', () => {
  const base = ['auth: { mode: none }', 'cursor: { secret: ${CURSOR} }', 'connections: { c: { adapter: convocore, baseUrl: "http://127.0.0.1:1", apiKey: ${KEY} } }', 'agents: { a: { name: A, org: o, sources: [ { connection: c, agentId: x } ] } }'];
  const env = { CURSOR: 'cursor-secret-0123456789', KEY: 'key-0123456789', REDIS_URL: 'redis://:pw-0123456789@127.0.0.1:6379/2' };

  it('reads store.redis with its optional fields, the URL from the environment', () => {
    const config = parseConfig([...base, 'store: { redis: { url: ${REDIS_URL}, keyPrefix: "gw:", commandTimeoutMs: 50 } }'].join('\n'), 'test.yaml', env);
    expect(config.store).toEqual({ redis: { url: env.REDIS_URL, keyPrefix: 'gw:', commandTimeoutMs: 50 } });
    expect(parseConfig(base.join('\n'), 'test.yaml', env).store).toBeUndefined();
    // The password in the URL is kept out of logs and bodies like every other secret.
    expect(configuredSecrets(config)).toContain('pw-0123456789');
  });

  it('loads examples/gateway.fleet.yaml, the config of docker-compose.yml', async () => {
    const path = new URL('../../examples/gateway.fleet.yaml', import.meta.url).pathname;
    const variables = ['GATEWAY_JWT_SECRET', 'GATEWAY_CURSOR_SECRET', 'CONVOCORE_KEY', 'CHATDASH_KEY', 'XI_API_KEY', 'TETHER_TOKEN', 'METRICS_TOKEN'];
    const config = await loadConfigFile(path, { ...Object.fromEntries(variables.map((name) => [name, `${name.toLowerCase()}-0123456789abcdef`])), REDIS_URL: 'redis://redis:6379' });
    expect(config.store?.redis.url).toBe('redis://redis:6379');
  });

  it('names every bad store field', () => {
    const text = [...base, 'store: { redis: { url: "http://x", commandTimeoutMs: 0, extra: 1 } }'].join('\n');
    expect(() => parseConfig(text, 'test.yaml', env)).toThrow(/store\.redis\.url[\s\S]*store\.redis\.commandTimeoutMs|store\.redis\.commandTimeoutMs[\s\S]*store\.redis\.url/);
    expect(() => parseConfig(text, 'test.yaml', env)).toThrow(/store\.redis\.extra: is not a known field/);
  });
});
