import { DEFAULT_CONNECTION } from '../../src/config/gateway-config.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elevenlabsAdapter } from '../../adapters/elevenlabs/elevenlabs-adapter.js';
import { createElevenLabsSimulator } from '../../adapters/elevenlabs/elevenlabs-simulator.js';
import type { VendorSimulator } from '../../src/contract/index.js';
import { failureForTransportError } from '../../src/upstream/classify-vendor-error.js';
import { VendorClient, type Connection } from '../../src/upstream/vendor-client.js';
import { failureOf, requestContext } from '../support/vendor-harness.js';

/**
 * A vendor that hangs costs one `timeoutMs` per page: the timed-out read is not retried,
 * while a reset still is. Counted in attempts, never in wall-clock margins.
 */

const KEY = 'xi-hung';
const binding = { connection: 'hung', agentId: 'agent_a' };
let simulator: VendorSimulator;
let client: VendorClient;

function connection(retries: number): Connection {
  return { ...DEFAULT_CONNECTION, name: `hung-${retries}`, adapter: elevenlabsAdapter, baseUrl: simulator.baseUrl, credential: KEY, timeoutMs: 100, maxConcurrency: 2, retries, cacheTtlMs: 0 };
}

const firstPage = () => elevenlabsAdapter.buildRequest(requestContext(elevenlabsAdapter, binding, KEY, 5, { cursor: null }));

beforeAll(async () => {
  simulator = createElevenLabsSimulator({ seed: 3, credential: KEY, now: Date.UTC(2026, 0, 1), agents: [{ binding, count: 10 }] });
  await simulator.start();
  client = new VendorClient({ maxResponseBytes: 1_000_000, connectTimeoutMs: 1_000 });
});

afterAll(async () => {
  await client.close();
  await simulator.close();
});

describe('a hung vendor', () => {
  it('a timeout is classified as not retryable; a reset still is', () => {
    expect(failureForTransportError(Object.assign(new Error('t'), { name: 'TimeoutError' }), 100).retryable).toBe(false);
    expect(failureForTransportError(Object.assign(new Error('h'), { code: 'UND_ERR_HEADERS_TIMEOUT' }), 100).retryable).toBe(false);
    expect(failureForTransportError(Object.assign(new Error('r'), { code: 'ECONNRESET' }), 100).retryable).toBe(true);
  });

  it('costs one attempt per page however many retries the connection allows', async () => {
    for (const retries of [0, 2, 5]) {
      simulator.faults.clear();
      // Far past the 100 ms timeout: on a loaded machine a late timer must still come first.
      simulator.faults.inject({ kind: 'delay', ms: 3_000 }, { times: Infinity });
      const before = simulator.requests.length;
      const failure = await failureOf(() => client.send(connection(retries), firstPage(), Date.now() + 10_000));
      expect(failure?.code).toBe('VENDOR_TIMEOUT');
      expect(failure?.requests, `retries ${retries}`).toBe(1);
      expect(simulator.requests.length - before, `retries ${retries}`).toBe(1);
    }
    simulator.faults.clear();
  });

  it('a reset on the same connection is still retried within the budget', async () => {
    simulator.faults.clear();
    simulator.faults.inject({ kind: 'reset' }, { times: 1 });
    const response = await client.send(connection(2), firstPage(), Date.now() + 10_000);
    expect(response.requests).toBe(2);
    expect(Array.isArray((response.body as { conversations: unknown[] }).conversations)).toBe(true);
  });
});
