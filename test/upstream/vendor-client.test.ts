import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { convocoreAdapter } from '../../adapters/convocore/convocore-adapter.js';
import type { VendorRequest } from '../../src/contract/index.js';
import { readContext } from '../../src/upstream/read-context.js';
import { pageCacheKey } from '../../src/upstream/vendor-call-pipeline.js';
import { DEFAULT_CONNECTION } from '../../src/config/gateway-config.js';
import { RAW_BODY, VendorClient, type Connection } from '../../src/upstream/vendor-client.js';

const ORIGIN = 'http://vendor.test';
const CREDENTIAL = 'sk-live-secret-credential-123';

function connection(overrides: Partial<Connection> = {}): Connection {
  return {
    ...DEFAULT_CONNECTION,
    name: 'convocore-eu',
    adapter: convocoreAdapter,
    baseUrl: `${ORIGIN}/v3`,
    credential: CREDENTIAL,
    timeoutMs: 1_000,
    maxConcurrency: 4,
    retries: 2,
    cacheTtlMs: 0,
    detailCacheTtlMs: 0,
    breakerThreshold: 3,
    breakerCooldownMs: 60_000,
    ...overrides,
  };
}

const listRequest: VendorRequest = {
  method: 'GET',
  path: '/agents/a1/convos',
  query: { page: 1, limit: 100 },
  headers: { authorization: `Bearer ${CREDENTIAL}` },
};

let agent: MockAgent;
let client: VendorClient;

beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
  client = new VendorClient({ dispatcher: agent, maxResponseBytes: 10_000, connectTimeoutMs: 1_000 });
});
afterEach(async () => {
  await client.close();
  await agent.close();
});

function vendor() {
  return agent.get(ORIGIN);
}

describe('VendorClient', () => {
  it('retries 503s within the deadline and counts every real call', async () => {
    vendor().intercept({ path: '/v3/agents/a1/convos?page=1&limit=100' }).reply(503, { message: 'busy' }).times(2);
    vendor().intercept({ path: '/v3/agents/a1/convos?page=1&limit=100' }).reply(200, { data: [] });
    const response = await client.send(connection(), listRequest, Date.now() + 5_000);
    expect(response).toMatchObject({ body: { data: [] }, cached: false, stale: false });
    expect(response.requests).toBe(3);
    const metrics = await client.metrics.registry.metrics();
    expect(metrics).toContain('gateway_vendor_retries_total{connection="convocore-eu"} 2');
    expect(metrics).toContain('gateway_vendor_requests_total{connection="convocore-eu",outcome="failure"} 2');
    expect(metrics).toContain('gateway_vendor_errors_total{connection="convocore-eu",code="VENDOR_HTTP_ERROR"} 2');
    expect(client.report(connection())).toMatchObject({ requests: 3, failures: 2, lastError: { code: 'VENDOR_HTTP_ERROR' } });
  });

  it('opens the breaker after the threshold and then refuses without calling', async () => {
    vendor().intercept({ path: /convos/ }).reply(500, { message: 'down' }).times(3);
    for (let index = 0; index < 3; index += 1) {
      await expect(client.send(connection(), listRequest, Date.now() + 5_000)).rejects.toMatchObject({ code: 'VENDOR_HTTP_ERROR' });
    }
    await expect(client.send(connection(), listRequest, Date.now() + 5_000)).rejects.toMatchObject({ code: 'CIRCUIT_OPEN', requests: 0 });
    expect(client.report(connection()).breaker.state).toBe('open');
    expect(await client.metrics.registry.metrics()).toContain('gateway_vendor_breaker_state{connection="convocore-eu"} 2');
  });

  it('reads a page once within its TTL', async () => {
    vendor().intercept({ path: /convos/ }).reply(200, { data: [1] });
    const cached = connection({ cacheTtlMs: 10_000 });
    const first = await client.send(cached, listRequest, Date.now() + 5_000);
    const again = await client.send(cached, listRequest, Date.now() + 5_000);
    expect([first.requests, again.requests]).toEqual([1, 0]);
    expect(again).toMatchObject({ cached: true, body: { data: [1] } });
    expect(await client.metrics.registry.metrics()).toContain('gateway_vendor_cache_events_total{connection="convocore-eu",event="hit"} 1');
  });
});

describe('a caller that hangs up', () => {
  it('stops the vendor call, and the stopped calls never open the breaker nor count as failures', async () => {
    vendor().intercept({ path: /convos/ }).reply(200, { data: [] }).delay(2_000).times(5);
    for (let index = 0; index < 5; index += 1) {
      const hangUp = new AbortController();
      const read = client.read(connection(), listRequest, readContext({ deadline: Date.now() + 5_000, cancel: hangUp.signal }), RAW_BODY);
      setTimeout(() => hangUp.abort(), 20);
      await expect(read).rejects.toMatchObject({ code: 'CANCELLED', cutOff: true, requests: 1 });
    }
    // Past the threshold of 3, yet closed, and no failure recorded against the vendor.
    expect(client.report(connection())).toMatchObject({ breaker: { state: 'closed' }, failures: 0 });
  });
});

describe('pageCacheKey', () => {
  it('never holds the credential, even one an adapter put in the URL or body', () => {
    const key = pageCacheKey(connection(), `${ORIGIN}/v3/x?api_key=${CREDENTIAL}`, { ...listRequest, method: 'POST', body: { key: CREDENTIAL } });
    expect(key).not.toContain(CREDENTIAL);
    expect(key).toContain('convocore-eu');
    expect(pageCacheKey(connection(), `${ORIGIN}/a`, listRequest)).not.toBe(pageCacheKey(connection({ name: 'other' }), `${ORIGIN}/a`, listRequest));
  });
});
