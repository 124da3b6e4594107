import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatdashModule } from '../../../adapters/chatdash/index.js';
import type { ChatDashConversation } from '../../../adapters/chatdash/chatdash-types.js';
import { chatdashLastActivityMs } from '../../../adapters/chatdash/map-chatdash-row.js';
import type { PushDownBounds, SimulatorOptions, VendorRequest, VendorSimulator } from '../../../src/contract/index.js';

const { adapter, createSimulator } = chatdashModule;
const credential = 'cd-agency-key';
const now = Date.parse('2026-03-01T12:00:00.000Z');
const agentA = { connection: 'chatdash', ...chatdashModule.sandboxBinding('agent-a') };
const agentB = { connection: 'chatdash', agentId: 'agent-b' };
const agentBig = { connection: 'chatdash', agentId: 'agent-big' };
const options: SimulatorOptions = {
  seed: 11,
  credential,
  now,
  agents: [
    { binding: agentA, count: 80 },
    { binding: agentB, count: 5 },
    { binding: agentBig, count: 400 },
  ],
};

let simulator: VendorSimulator;
beforeAll(async () => {
  simulator = createSimulator(options);
  await simulator.start();
});
afterAll(async () => {
  await simulator.close();
});

async function get(
  path: string,
  query: Record<string, string> = {},
  /** null: no Authorization header at all. */
  authorization: string | null = credential,
): Promise<{ status: number; body: unknown }> {
  const url = new URL(simulator.baseUrl + path);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const response = await request(url, { headers: authorization === null ? {} : { authorization } });
  return { status: response.statusCode, body: await response.body.json() };
}

async function list(query: Record<string, string> = {}, agentId = 'agent-a'): Promise<ChatDashConversation[]> {
  const response = await get(`/agents/${agentId}/conversations`, query);
  expect(response.status).toBe(200);
  expect(Array.isArray(response.body)).toBe(true);
  return response.body as ChatDashConversation[];
}

const ids = (records: unknown[]) => (records as ChatDashConversation[]).map((record) => record._id);

describe('chatdash simulator: auth and paths', () => {
  it('serves under /v1/public', () => {
    expect(simulator.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/public$/);
  });

  it('answers 401 { message } to a missing, wrong or Bearer-prefixed key', async () => {
    for (const authorization of [null, 'wrong-key', `Bearer ${credential}`]) {
      const response = await get('/agents/agent-a/conversations', {}, authorization);
      expect(response).toEqual({ status: 401, body: { message: 'Unauthorized' } });
    }
  });

  it('answers 404 { message } to an unknown path or agent', async () => {
    const unknownPath = await get('/agents/agent-a/calls');
    expect(unknownPath.status).toBe(404);
    expect(unknownPath.body).toEqual({ message: expect.any(String) });
    const unknownAgent = await get('/agents/nobody/conversations');
    expect(unknownAgent.status).toBe(404);
    expect(unknownAgent.body).toEqual({ message: expect.any(String) });
  });
});

describe('chatdash simulator: one unpaged array in no particular order', () => {
  it('returns every visible conversation in one response, with no row cap and paging parameters ignored', async () => {
    const big = await list({}, 'agent-big');
    expect(big.length).toBeGreaterThan(300);
    expect(ids(big)).toEqual(ids(simulator.visibleRecords(agentBig)));
    expect(ids(await list({ limit: '5', page: '2' }))).toEqual(ids(simulator.visibleRecords(agentA)));
  });

  it('keeps one stable order that is neither id nor time order', async () => {
    const first = await list();
    expect(ids(await list())).toEqual(ids(first));
    expect(ids(first)).toEqual(ids(simulator.visibleRecords(agentA)));
    const byId = [...ids(first)].sort();
    expect(ids(first)).not.toEqual(byId);
    expect(ids(first)).not.toEqual([...byId].reverse());
    const activity = first.map(chatdashLastActivityMs).filter((ms): ms is number => ms !== null);
    const descending = [...activity].sort((a, b) => b - a);
    expect(activity).not.toEqual(descending);
    expect(activity).not.toEqual([...descending].reverse());
  });

  it('generates the data the gateway has to cope with', () => {
    const visible = simulator.visibleRecords(agentBig) as ChatDashConversation[];
    const activity = visible.map(chatdashLastActivityMs);
    const known = activity.filter((ms): ms is number => ms !== null);
    expect(new Set(known).size).toBeLessThan(known.length);
    expect(activity.some((ms) => ms === null)).toBe(true);
    expect(visible.some((record) => record.createdAt && !record.updatedAt)).toBe(true);
    expect(visible.some((record) => record.endedAt)).toBe(true);
    expect(visible.some((record) => record.name === undefined)).toBe(true);
    expect(visible.some((record) => record.status === undefined)).toBe(true);
    expect(visible.some((record) => typeof record.duration === 'number' && !Number.isInteger(record.duration))).toBe(true);
    expect(new Set(visible.map((record) => record.channel))).toEqual(
      new Set(['webchat', 'voice', 'sms', 'whatsapp', 'instagram', undefined]),
    );
    expect(new Set(visible.map((record) => record.status))).toEqual(new Set(['ai', 'pending', 'human', undefined]));
    expect(visible.filter((record) => record.channel === 'webchat').length).toBeGreaterThan(visible.length / 3);
    expect(new Set(ids(visible)).size).toBe(visible.length);
  });
});

describe('chatdash simulator: filters', () => {
  it('defaults record and interacted to true and partitions the data with explicit values', async () => {
    const partitions: ChatDashConversation[][] = [];
    for (const record of ['true', 'false']) {
      for (const interacted of ['true', 'false']) partitions.push(await list({ record, interacted }));
    }
    const [both, notInteracted, notRecorded, neither] = partitions;
    expect(ids(await list())).toEqual(ids(both!));
    expect(both!.every((record) => record.record === true && record.interacted === true)).toBe(true);
    expect(notInteracted!.every((record) => record.record === true && record.interacted !== true)).toBe(true);
    expect(notRecorded!.every((record) => record.record !== true && record.interacted === true)).toBe(true);
    expect(neither!.every((record) => record.record !== true && record.interacted !== true)).toBe(true);
    const all = partitions.flat();
    expect(new Set(ids(all)).size).toBe(80);
    // A conversation without the field counts as false (the schema default).
    const big = await list({ record: 'false' }, 'agent-big');
    expect(big.some((record) => record.record === undefined)).toBe(true);
    expect(ids(await list({ record: 'false' }))).toEqual(ids(notRecorded!));
  });

  it('filters createdAt by startDate and endDate, both inclusive, dropping conversations without createdAt', async () => {
    const visible = simulator.visibleRecords(agentA) as ChatDashConversation[];
    const created = visible.map((record) => record.createdAt).filter((value): value is string => !!value).sort();
    const start = created[Math.floor(created.length / 4)]!;
    const end = created[Math.floor((created.length * 3) / 4)]!;
    const within = (record: ChatDashConversation, from?: string, to?: string) =>
      !!record.createdAt &&
      (from === undefined || Date.parse(record.createdAt) >= Date.parse(from)) &&
      (to === undefined || Date.parse(record.createdAt) <= Date.parse(to));
    expect(ids(await list({ startDate: start }))).toEqual(ids(visible.filter((record) => within(record, start))));
    expect(ids(await list({ endDate: end }))).toEqual(ids(visible.filter((record) => within(record, undefined, end))));
    const both = await list({ startDate: start, endDate: end });
    expect(ids(both)).toEqual(ids(visible.filter((record) => within(record, start, end))));
    expect(both.some((record) => record.createdAt === start)).toBe(true);
    expect(both.some((record) => record.createdAt === end)).toBe(true);
    expect(visible.some((record) => !record.createdAt)).toBe(true);
    expect((await list({ endDate: '2100-01-01T00:00:00.000Z' })).length).toBe(visible.filter((r) => r.createdAt).length);
  });

  it('answers 400 { message } to an unparseable date or boolean', async () => {
    const queries: Record<string, string>[] = [{ startDate: 'yesterday' }, { endDate: '2026-13-45' }, { record: 'yes' }, { interacted: '1' }];
    for (const query of queries) {
      const response = await get('/agents/agent-a/conversations', query);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ message: expect.any(String) });
    }
  });
});

describe('chatdash simulator: determinism, inserts, faults', () => {
  it('builds the same data from the same seed and other data from another seed or agent', () => {
    const again = createSimulator(options);
    expect(again.visibleRecords(agentA)).toEqual(simulator.visibleRecords(agentA));
    const other = createSimulator({ ...options, seed: 12 });
    expect(ids(other.visibleRecords(agentA))).not.toEqual(ids(simulator.visibleRecords(agentA)));
    expect(ids(simulator.visibleRecords(agentB))).not.toEqual(ids(simulator.visibleRecords(agentA)).slice(0, 5));
  });

  it('insertNewest adds a visible conversation that comes first in the gateway order', async () => {
    const fresh = createSimulator(options);
    await fresh.start();
    try {
      const before = fresh.visibleRecords(agentB) as ChatDashConversation[];
      const latest = Math.max(...before.map(chatdashLastActivityMs).filter((ms): ms is number => ms !== null));
      const inserted = fresh.insertNewest(agentB) as ChatDashConversation;
      expect(chatdashLastActivityMs(inserted)! - latest).toBeGreaterThanOrEqual(60_000);
      const response = await request(`${fresh.baseUrl}/agents/agent-b/conversations`, { headers: { authorization: credential } });
      const records = (await response.body.json()) as ChatDashConversation[];
      expect(ids(records)).toEqual(ids(fresh.visibleRecords(agentB)));
      expect(records).toHaveLength(before.length + 1);
      const rows = records.map((record) => adapter.mapRow(record, { binding: agentB }));
      rows.sort((a, b) => (b.lastActivityAt ?? '').localeCompare(a.lastActivityAt ?? ''));
      expect(rows[0]!.conversationId).toBe(inserted._id);
    } finally {
      await fresh.close();
    }
  });

  it('injects faults and records requests', async () => {
    simulator.faults.inject({ kind: 'status', status: 500 });
    const failed = await get('/agents/agent-b/conversations');
    expect(failed.status).toBe(500);
    expect((await get('/agents/agent-b/conversations')).status).toBe(200);
    await get('/agents/agent-b/conversations', { endDate: '2026-03-01T11:00:00.000Z' });
    expect(simulator.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: '/agents/agent-b/conversations',
      query: { endDate: '2026-03-01T11:00:00.000Z' },
    });
  });
});

describe('chatdash adapter against the simulator', () => {
  async function send(vendorRequest: VendorRequest): Promise<{ status: number; body: unknown }> {
    const url = new URL(simulator.baseUrl + vendorRequest.path);
    for (const [name, value] of Object.entries(vendorRequest.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const response = await request(url, { method: vendorRequest.method, headers: vendorRequest.headers });
    return { status: response.statusCode, body: await response.body.json() };
  }

  /** Walks a source the way the declared pagination says; ChatDash's `window` is one request. */
  async function walk(bounds: Omit<PushDownBounds, 'lagMs'> = {}): Promise<unknown[]> {
    const records: unknown[] = [];
    for (let requests = 0; requests < 20; requests += 1) {
      const vendorRequest = adapter.buildRequest({
        binding: agentA,
        credential,
        pageSize: 100,
        position: {},
        bounds: { ...bounds, lagMs: 0 },
        wantSummary: false,
      });
      const response = await send(vendorRequest);
      expect(response.status).toBe(200);
      records.push(...adapter.parsePage(response.body).records);
      if (adapter.pagination.kind === 'window') return records;
    }
    throw new Error('walk did not end');
  }

  it('maps a full walk onto exactly the visible conversations', async () => {
    const records = await walk();
    const rows = records.map((record) => adapter.mapRow(record, { binding: agentA }));
    const conversationIds = rows.map((row) => row.conversationId);
    expect(new Set(conversationIds).size).toBe(conversationIds.length);
    expect(conversationIds).toEqual(ids(simulator.visibleRecords(agentA)));
  });

  it('never under-fetches with endDate pushed down: every row active up to until (inclusive, for resumes) comes back', async () => {
    const visible = simulator.visibleRecords(agentA) as ChatDashConversation[];
    const known = visible.map(chatdashLastActivityMs).filter((ms): ms is number => ms !== null).sort((a, b) => a - b);
    for (const until of [known[0]!, known[Math.floor(known.length / 2)]!, known.at(-1)! + 1]) {
      const returned = new Set(ids(await walk({ until })));
      const needed = visible.filter((record) => {
        const ms = chatdashLastActivityMs(record);
        return ms !== null && ms <= until;
      });
      for (const record of needed) expect(returned.has(record._id)).toBe(true);
    }
  });
});
