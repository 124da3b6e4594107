import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convocoreAdapter } from '../../../adapters/convocore/convocore-adapter.js';
import { createConvocoreSimulator } from '../../../adapters/convocore/convocore-simulator.js';
import type { ConvocoreExportTurn } from '../../../adapters/convocore/convocore-detail-types.js';
import { parseConvocoreTs } from '../../../adapters/convocore/convocore-export-time.js';
import type { ConvocoreConversation } from '../../../adapters/convocore/convocore-types.js';
import { convocoreActivityMs } from '../../../adapters/convocore/map-convocore-row.js';
import { epochToMs, type DetailRead, type VendorSimulator } from '../../../src/contract/index.js';
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

describe('convocore conversation detail judged by its spec', () => {
  const one = (id: string, suffix = '', query: Record<string, string> = {}, agent = 'agent_spec') => getJson(simulator.baseUrl, `/agents/${agent}/convos/${id}${suffix}`, query, auth);
  const records = () => simulator.visibleRecords(binding) as ConvocoreConversation[];

  it('covers every query parameter the spec declares for the two reads', () => {
    expect(declaredQueryParameters(spec, 'GET', '/agents/{agentId}/convos/{convoId}')).toEqual([]);
    expect(declaredQueryParameters(spec, 'GET', '/agents/{agentId}/convos/{convoId}/export')).toEqual(['format']);
  });

  it('the metadata read is the list record; the export holds messagesNum messages from the first to the last, ending with lastMessage', async () => {
    for (const record of records()) {
      const path = `/agents/agent_spec/convos/${record.ID}`;
      const metadata = await one(record.ID!);
      expect(spec.checkResponse('GET', path, 200, metadata.body)).toEqual([]);
      expect(metadata.body.data).toEqual(record);
      const exported = await one(record.ID!, '/export', { format: 'json' });
      expect(spec.checkResponse('GET', `${path}/export`, 200, exported.body)).toEqual([]);
      const messages = (exported.body.data.turns as ConvocoreExportTurn[]).flatMap((turn) => turn.messages ?? []);
      expect(messages).toHaveLength(record.messagesNum ?? 0);
      const times = messages.map((message) => parseConvocoreTs(message.ts));
      expect(times.every((at) => at !== null && at >= Math.floor((epochToMs(record.firstMessageTS) ?? 0) / 1000) * 1000 && at <= convocoreActivityMs(record)!)).toBe(true);
      if (record.lastMessage) expect(messages.at(-1)!.payload!.message).toBe(record.lastMessage);
    }
  });

  it("an unknown conversation, and another agent's, are a 404 in the vendor error shape; csv is not simulated", async () => {
    const id = records()[0]!.ID!;
    for (const answer of [await one('agent_spec_convo_none'), await one(id, '', {}, 'agent_other'), await one('agent_spec_convo_none', '/export')]) {
      expect(answer).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
      expect(spec.checkResponse('GET', `/agents/agent_spec/convos/${id}`, 404, answer.body)).toEqual([]);
    }
    expect((await one(id, '/export', { format: 'csv' })).status).toBe(400);
    expect((await getJson(simulator.baseUrl, `/agents/agent_spec/convos/${id}`, {}, { authorization: 'Bearer nope' })).status).toBe(401);
  });

  it("the adapter's two reads use only what the spec declares", () => {
    const read = convocoreAdapter.detail as DetailRead;
    for (const step of Object.values(read.reads)) {
      const built = step.buildRequest({ binding, credential: KEY, conversationId: 'agent_spec_convo1' });
      const query = Object.fromEntries(Object.entries(built.query ?? {}).map(([name, value]) => [name, String(value)]));
      expect(spec.checkRequest(built.method, built.path, query)).toEqual([]);
    }
  });
});
