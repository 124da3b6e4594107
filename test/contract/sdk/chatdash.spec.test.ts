import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatdashAdapter } from '../../../adapters/chatdash/chatdash-adapter.js';
import { createChatDashSimulator } from '../../../adapters/chatdash/chatdash-simulator.js';
import type { ChatDashConversation } from '../../../adapters/chatdash/chatdash-types.js';
import { transcriptSupport, type DetailRead, type VendorSimulator } from '../../../src/contract/index.js';
import { requestContext } from '../../support/vendor-harness.js';
import { declaredQueryParameters, getJson, loadSpec } from './spec-judge.js';

/** ChatDash publishes no client: its own document (`specs/chatdash.openapi.yaml`) judges the simulator. */

const KEY = 'cd-spec-key';
const PATH = '/agents/agent_spec/conversations';
const binding = { connection: 'chatdash', agentId: 'agent_spec' };
const spec = loadSpec('chatdash');
let simulator: VendorSimulator;
const list = (query: Record<string, string | number | boolean>, key = KEY) => getJson(simulator.baseUrl, PATH, query, { authorization: key });
const ids = (records: unknown[]) => (records as ChatDashConversation[]).map((record) => record._id).sort();
const createdMs = (record: ChatDashConversation) => Date.parse(record.createdAt ?? '');

beforeAll(async () => {
  simulator = createChatDashSimulator({ seed: 13, credential: KEY, now: Date.UTC(2026, 4, 1), agents: [{ binding, count: 90 }] });
  await simulator.start();
});
afterAll(async () => {
  await simulator.close();
});

describe('chatdash simulator judged by its spec', () => {
  it('covers every query parameter the spec declares', () => {
    expect(declaredQueryParameters(spec, 'GET', '/agents/{agentId}/conversations')).toEqual(['endDate', 'interacted', 'record', 'startDate']);
  });

  it('record and interacted select exactly, true by default; every body as the spec documents it', async () => {
    for (const record of [true, false]) {
      for (const interacted of [true, false]) {
        const { status, body } = await list({ record, interacted });
        expect(status).toBe(200);
        expect(spec.checkResponse('GET', PATH, 200, body)).toEqual([]);
        expect(ids(body), `record ${record}, interacted ${interacted}`).toEqual(ids(simulator.visibleRecords({ ...binding, record, interacted })));
      }
    }
    expect(ids((await list({})).body)).toEqual(ids(simulator.visibleRecords(binding)));
    expect((await list({ record: false })).body.length).toBeGreaterThan(0);
  });

  it('startDate and endDate bound createdAt, inclusive', async () => {
    const visible = simulator.visibleRecords(binding) as ChatDashConversation[];
    const times = visible.map(createdMs).sort((a, b) => a - b);
    const [from, to] = [times[10]!, times[60]!];
    const { body } = await list({ startDate: new Date(from).toISOString(), endDate: new Date(to).toISOString() });
    expect(ids(body)).toEqual(ids(visible.filter((record) => createdMs(record) >= from && createdMs(record) <= to)));
  });

  it('rejects an unparseable date or boolean with a 400, and a Bearer or wrong key with a 401', async () => {
    const bad: Record<string, string | number>[] = [{ startDate: 'yesterday' }, { endDate: '2026-13-45' }, { record: 'yes' }, { interacted: 1 }];
    for (const query of bad) {
      expect((await list(query)).status, JSON.stringify(query)).toBe(400);
    }
    expect((await list({}, `Bearer ${KEY}`)).status).toBe(401);
    expect((await list({}, 'wrong')).status).toBe(401);
  });

  it("the adapter's requests, with a binding's record / interacted, use only what the spec declares", async () => {
    const pinned = { ...binding, record: false };
    const built = chatdashAdapter.buildRequest(requestContext(chatdashAdapter, pinned, KEY, 50, {}));
    const query = Object.fromEntries(Object.entries(built.query ?? {}).map(([name, value]) => [name, String(value)]));
    expect(query).toMatchObject({ record: 'false' });
    expect(query).not.toHaveProperty('interacted');
    expect(spec.checkRequest(built.method, built.path, query)).toEqual([]);
    expect(ids((await list(query)).body)).toEqual(ids(simulator.visibleRecords(pinned)));
  });

  it("the binding schema takes record / interacted as booleans only", async () => {
    const { Ajv } = await import('ajv');
    const validate = new Ajv({ strict: false }).compile(chatdashAdapter.bindingSchema);
    expect(validate({ connection: 'c', agentId: 'a', record: false, interacted: true })).toBe(true);
    expect(validate({ connection: 'c', agentId: 'a', record: 'no' })).toBe(false);
    expect(validate({ connection: 'c', agentId: 'a', recorded: false })).toBe(false);
  });
});

describe('chatdash single conversation judged by its spec', () => {
  const one = (id: string, query: Record<string, string> = {}, agent = 'agent_spec', key = KEY) => getJson(simulator.baseUrl, `/agents/${agent}/conversations/${id}`, query, { authorization: key });
  const every = () => [true, false].flatMap((record) => simulator.visibleRecords({ ...binding, record }) as ChatDashConversation[]);

  it('covers every query parameter the spec declares', () => {
    expect(declaredQueryParameters(spec, 'GET', '/agents/{agentId}/conversations/{conversationId}')).toEqual(['isPlatformId']);
  });

  it("answers every conversation of the agent by _id, and by platformId with isPlatformId=true, as the list has it", async () => {
    for (const record of every()) {
      const { status, body } = await one(record._id!);
      expect(status).toBe(200);
      expect(spec.checkResponse('GET', `/agents/agent_spec/conversations/${record._id}`, 200, body)).toEqual([]);
      expect(body).toEqual(record);
      if (record.platformId) expect((await one(record.platformId, { isPlatformId: 'true' })).body).toEqual(record);
    }
  });

  it("an unknown id, another agent's conversation, a bad isPlatformId and a wrong key answer in the error shape", async () => {
    const id = every()[0]!._id!;
    const cases: [Awaited<ReturnType<typeof one>>, number][] = [
      [await one('0'.repeat(24)), 404], [await one(id, {}, 'agent_other'), 404], [await one(id, { isPlatformId: 'true' }), 404],
      [await one(id, { isPlatformId: 'maybe' }), 400], [await one(id, {}, 'agent_spec', `Bearer ${KEY}`), 401],
    ];
    for (const [answer, status] of cases) {
      expect(answer.status).toBe(status);
      expect(spec.checkResponse('GET', `/agents/agent_spec/conversations/${id}`, status, answer.body)).toEqual([]);
    }
  });

  it("the adapter's detail read uses only what the spec declares, and says why it has no transcript", () => {
    const read = chatdashAdapter.detail as DetailRead;
    const built = read.reads.conversation!.buildRequest({ binding, credential: KEY, conversationId: 'abc' });
    expect(spec.checkRequest(built.method, built.path, {})).toEqual([]);
    expect(transcriptSupport(read)).toEqual({ supported: false, reason: expect.stringContaining('/projects/{projectId}/conversations/{conversationId}/messages') });
  });

  it("the adapter finds a copy by the original's id with what the spec declares, and the copy's row names that id", async () => {
    const copies = chatdashAdapter.copies!;
    expect(copies.from).toEqual(['vapi', 'retell', 'elevenlabs']);
    const copy = every().find((record) => record.platformId)!;
    const built = copies.byOriginalId.reads.conversation!.buildRequest({ binding, credential: KEY, conversationId: copy.platformId! });
    expect(spec.checkRequest(built.method, built.path, built.query as Record<string, string>)).toEqual([]);
    const { status, body } = await getJson(simulator.baseUrl, built.path, built.query as Record<string, string>, { authorization: KEY });
    expect(status).toBe(200);
    const mapped = copies.byOriginalId.map({ conversation: copies.byOriginalId.reads.conversation!.parse(body) }, { binding });
    expect([mapped.row.conversationId, mapped.row.originalId]).toEqual([copy._id, copy.platformId]);
  });
});
