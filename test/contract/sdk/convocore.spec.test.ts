import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convocoreAdapter } from '../../../adapters/convocore/convocore-adapter.js';
import { createConvocoreSimulator } from '../../../adapters/convocore/convocore-simulator.js';
import type { VendorSimulator } from '../../../src/contract/index.js';
import { requestContext } from '../../support/vendor-harness.js';
import { declaredQueryParameters, getJson, loadSpec } from './spec-judge.js';

/** Convocore publishes no client: its own document (`specs/convocore.openapi.yaml`) judges the simulator. */

const KEY = 'cc-spec-key';
const TEMPLATE = '/agents/{agentId}/convos';
const binding = { connection: 'convocore', agentId: 'agent_spec' };
const spec = loadSpec('convocore');
let simulator: VendorSimulator;
const auth = { authorization: `Bearer ${KEY}` };
const list = (query: Record<string, string | number>, headers = auth) => getJson(simulator.baseUrl, '/agents/agent_spec/convos', query, headers);

beforeAll(async () => {
  simulator = createConvocoreSimulator({ seed: 12, credential: KEY, now: Date.UTC(2026, 4, 1), agents: [{ binding, count: 75 }] });
  await simulator.start();
});
afterAll(async () => {
  await simulator.close();
});

describe('convocore simulator judged by its spec', () => {
  it('covers every query parameter the spec declares', () => {
    expect(declaredQueryParameters(spec, 'GET', TEMPLATE)).toEqual(['limit', 'page']);
  });

  it('page and limit: pages to the end, every body as the spec documents it', async () => {
    const ids: unknown[] = [];
    for (let page = 1; ; page += 1) {
      const { status, body } = await list({ page, limit: 9 });
      expect(status).toBe(200);
      expect(spec.checkResponse('GET', '/agents/agent_spec/convos', 200, body)).toEqual([]);
      expect(body.data.length).toBeLessThanOrEqual(9);
      if (body.data.length === 0) break;
      ids.push(...body.data.map((record: { ID: string }) => record.ID));
    }
    expect(ids).toEqual(simulator.visibleRecords(binding).map((record) => (record as { ID: string }).ID));
  });

  it('accepts every number the spec allows, and rejects what is not a number with a 400', async () => {
    for (const limit of [1, 7.9, 5000]) expect((await list({ limit })).status, String(limit)).toBe(200);
    const bad: Record<string, string>[] = [{ limit: 'ten' }, { page: 'first' }];
    for (const query of bad) {
      const { status, body } = await list(query);
      expect(status).toBe(400);
      expect(body).toMatchObject({ code: 'BAD_REQUEST', issues: [{ message: expect.any(String) }] });
    }
  });

  it('a wrong key is a 401 in the vendor error shape', async () => {
    expect(await list({}, { authorization: 'Bearer nope' })).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } });
  });

  it("the adapter's requests use only what the spec declares", () => {
    const built = convocoreAdapter.buildRequest(requestContext(convocoreAdapter, binding, KEY, 50, { page: 3 }));
    const query = Object.fromEntries(Object.entries(built.query ?? {}).map(([name, value]) => [name, String(value)]));
    expect(spec.checkRequest(built.method, built.path, query)).toEqual([]);
  });
});
