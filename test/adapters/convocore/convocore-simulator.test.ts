import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceBinding, VendorSimulator } from '../../../src/contract/index.js';
import { convocoreAdapter } from '../../../adapters/convocore/convocore-adapter.js';
import { createConvocoreSimulator } from '../../../adapters/convocore/convocore-simulator.js';
import type { ConvocoreConversation } from '../../../adapters/convocore/convocore-types.js';
import { convocoreModule } from '../../../adapters/convocore/index.js';

const now = Date.UTC(2026, 0, 15, 12, 0, 0);
const credential = 'ck_test_key';
const binding: SourceBinding = { connection: 'convocore-eu', agentId: 'agent123' };
const otherBinding: SourceBinding = { connection: 'convocore-eu', agentId: 'agent456' };
const COUNT = 120;

function newSimulator(seed = 7): VendorSimulator {
  return createConvocoreSimulator({
    seed,
    credential,
    now,
    agents: [
      { binding, count: COUNT },
      { binding: otherBinding, count: 15 },
    ],
  });
}

const simulator = newSimulator();
const started: VendorSimulator[] = [simulator];

async function startedSimulator(seed?: number): Promise<VendorSimulator> {
  const instance = newSimulator(seed);
  started.push(instance);
  await instance.start();
  return instance;
}

async function get(
  path: string,
  query: Record<string, string | number> = {},
  key: string | null = credential,
  target: VendorSimulator = simulator,
): Promise<{ status: number; body: any }> {
  const search = new URLSearchParams(Object.entries(query).map(([name, value]) => [name, String(value)]));
  const headers = key === null ? {} : { authorization: `Bearer ${key}` };
  const response = await request(`${target.baseUrl}${path}?${search}`, { headers });
  return { status: response.statusCode, body: await response.body.json() };
}

const list = (query: Record<string, string | number> = {}, target?: VendorSimulator) =>
  get('/agents/agent123/convos', query, credential, target);

async function readAll(limit: number, target: VendorSimulator = simulator): Promise<ConvocoreConversation[]> {
  const records: ConvocoreConversation[] = [];
  for (let page = 1; page < 1000; page += 1) {
    const { body } = await list({ page, limit }, target);
    if (body.data.length === 0) return records;
    records.push(...body.data);
  }
  throw new Error('no empty page');
}

beforeAll(async () => {
  await simulator.start();
});

afterAll(async () => {
  await Promise.all(started.map((instance) => instance.close()));
});

describe('convocore simulator: auth and errors', () => {
  it('serves under the /v3 base path', () => {
    expect(new URL(simulator.baseUrl).pathname).toBe('/v3');
    expect(new URL(simulator.baseUrl).hostname).toBe('127.0.0.1');
  });

  it('answers a missing or wrong key with 401 in the vendor error shape', async () => {
    for (const key of [null, 'ck_wrong']) {
      const { status, body } = await get('/agents/agent123/convos', {}, key);
      expect(status).toBe(401);
      expect(body).toEqual({ message: expect.any(String), code: 'UNAUTHORIZED' });
    }
  });

  it('answers an unknown agent and an unknown path with 404 NOT_FOUND', async () => {
    expect(await get('/agents/nobody/convos')).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect(await get('/agents/agent123/conversations')).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });

  it('refuses a page or limit that is not a number with 400 and issues (the document declares no range)', async () => {
    const bad: Record<string, string | number>[] = [{ limit: 'abc' }, { limit: '' }, { page: 'two' }, { page: '' }];
    for (const query of bad) {
      const { status, body } = await list(query);
      expect(status, JSON.stringify(query)).toBe(400);
      expect(body).toMatchObject({ code: 'BAD_REQUEST', message: expect.any(String) });
      expect(body.issues[0].message).toEqual(expect.any(String));
    }
  });
});

describe('convocore simulator: pages', () => {
  it('answers in the documented envelope', async () => {
    const { status, body } = await list();
    expect(status).toBe(200);
    expect(body).toMatchObject({ success: true, message: 'Conversations retrieved successfully' });
    expect(Array.isArray(body.data)).toBe(true);
  });

  it('defaults to page 1 and limit 20', async () => {
    const defaults = await list();
    expect(defaults.body).toEqual((await list({ page: 1, limit: 20 })).body);
    expect(defaults.body.data.length).toBeLessThanOrEqual(20);
    expect(defaults.body.data.length).toBeGreaterThan(15);
  });

  it('accepts any number: no maximum, whole parts used, 0 gives an empty page', async () => {
    const { status, body } = await list({ limit: 5000 });
    expect(status).toBe(200);
    expect(body.data).toEqual(simulator.visibleRecords(binding));
    expect((await list({ limit: 10.7 })).body).toEqual((await list({ limit: 10 })).body);
    expect((await list({ limit: 0 })).body.data).toEqual([]);
    expect((await list({ page: 0, limit: 10 })).body).toEqual((await list({ page: 1, limit: 10 })).body);
  });

  it('drops empty conversations after slicing, so short pages come before the end', async () => {
    const lengths: number[] = [];
    for (let page = 1; page <= COUNT / 10; page += 1) lengths.push((await list({ page, limit: 10 })).body.data.length);
    expect(lengths.slice(0, -1).some((length) => length < 10)).toBe(true);
    expect(lengths.every((length) => length > 0)).toBe(true);
    expect((await list({ page: COUNT / 10 + 1, limit: 10 })).body.data).toEqual([]);
    expect(simulator.visibleRecords(binding).length).toBeLessThan(COUNT);
  });

  it('returns the same records whatever the page size, equal to visibleRecords', async () => {
    const visible = simulator.visibleRecords(binding);
    for (const limit of [7, 20, 100]) expect(await readAll(limit)).toEqual(visible);
  });

  it('can answer an empty page before the end when every record of a tiny page is empty', async () => {
    // The vendor's filter-after-slice: with limit 1 an empty conversation's slot is an empty page.
    const visible = simulator.visibleRecords(binding);
    const lengths: number[] = [];
    for (let page = 1; page <= COUNT; page += 1) lengths.push((await list({ page, limit: 1 })).body.data.length);
    expect(lengths.filter((length) => length === 1).length).toBe(visible.length);
    expect(lengths.indexOf(0)).toBeLessThan(visible.length);
  });

  it('keeps agents apart', async () => {
    const { body } = await get('/agents/agent456/convos', { limit: 100 });
    expect(body.data).toEqual(simulator.visibleRecords(otherBinding));
    expect(body.data.every((record: ConvocoreConversation) => record.ID!.startsWith('agent456_'))).toBe(true);
  });
});

describe('convocore simulator: data and order', () => {
  const visible = () => simulator.visibleRecords(binding) as ConvocoreConversation[];

  it('sorts newest first by ts, with ties in an order that is not id-ascending', () => {
    const records = visible();
    const pairs = records.slice(1).map((record, index) => [records[index]!, record] as const);
    expect(pairs.every(([earlier, later]) => earlier.ts! >= later.ts!)).toBe(true);
    const ties = pairs.filter(([earlier, later]) => earlier.ts === later.ts);
    expect(ties.length).toBeGreaterThan(0);
    expect(ties.some(([earlier, later]) => earlier.ID! > later.ID!)).toBe(true);
  });

  it('keeps ts in whole seconds, equal to lastMessageTS when present', () => {
    for (const record of visible()) {
      expect(record.ts).toBeLessThan(1e12);
      expect(Number.isInteger(record.ts)).toBe(true);
      if (record.lastMessageTS !== undefined) expect(record.lastMessageTS).toBe(record.ts);
      expect(record.ts! * 1000).toBeLessThanOrEqual(now);
    }
  });

  it('has the vendor quirks: ms first-message times, missing optional fields, shared caller ids', () => {
    const records = visible();
    expect(records.some((record) => record.firstMessageTS! > 1e12)).toBe(true);
    expect(records.some((record) => record.lastMessageTS === undefined)).toBe(true);
    for (const field of ['userEmail', 'userPhone', 'tags', 'userName', 'firstMessageTS'] as const) {
      expect(records.some((record) => record[field] === undefined), field).toBe(true);
    }
    const callerIds = records.filter((record) => record.origin === 'call').map((record) => record.userID);
    expect(new Set(callerIds).size).toBeLessThan(callerIds.length);
    expect(records.every((record) => (record.messagesNum ?? 0) > 0)).toBe(true);
  });

  it('generates the same data for the same seed and other data for another', async () => {
    const again = newSimulator(7);
    const other = newSimulator(8);
    expect(again.visibleRecords(binding)).toEqual(simulator.visibleRecords(binding));
    expect(other.visibleRecords(binding)).not.toEqual(simulator.visibleRecords(binding));
  });
});

describe('convocore simulator: insertNewest and faults', () => {
  it('inserts a record that comes first', async () => {
    const target = await startedSimulator(11);
    const before = target.visibleRecords(binding) as ConvocoreConversation[];
    const inserted = target.insertNewest(binding) as ConvocoreConversation;
    expect(inserted.ts! - before[0]!.ts!).toBeGreaterThanOrEqual(60);
    expect(before.some((record) => record.ID === inserted.ID)).toBe(false);
    const { body } = await list({ page: 1, limit: 5 }, target);
    expect(body.data[0]).toEqual(inserted);
    expect(target.visibleRecords(binding)).toEqual([inserted, ...before]);
  });

  it('lets a recent conversation go on: a new message makes it the newest, the others keep their order', async () => {
    const target = await startedSimulator(12);
    const before = target.visibleRecords(binding) as ConvocoreConversation[];
    const continued = target.continueOne!(binding) as ConvocoreConversation;
    expect(continued.ID).toBe(before[1]!.ID);
    expect(continued.ts! - before[0]!.ts!).toBe(60);
    expect(continued.messagesNum).toBe((before[1]!.messagesNum ?? 0) + 1);
    const { body } = await list({ page: 1, limit: 5 }, target);
    expect(body.data[0]).toEqual(continued);
    expect((target.visibleRecords(binding) as ConvocoreConversation[]).map((record) => record.ID)).toEqual([before[1]!.ID, before[0]!.ID, ...before.slice(2).map((record) => record.ID)]);
  });

  it('injects a fault once, then answers normally, and records requests', async () => {
    const before = simulator.requests.length;
    simulator.faults.inject({ kind: 'status', status: 500 });
    expect((await list()).status).toBe(500);
    expect((await list()).status).toBe(200);
    expect(simulator.requests.length).toBe(before + 2);
    expect(simulator.requests.at(-1)).toMatchObject({ method: 'GET', path: '/agents/agent123/convos' });
  });
});

describe('convocore adapter against the simulator', () => {
  it('walks every page with the declared pagination and maps every visible record once', async () => {
    const { pagination } = convocoreAdapter;
    expect(pagination).toEqual({ kind: 'page', maxPageSize: 100, shortPageEnds: false });
    const ids: string[] = [];
    let pageSize = 0;
    for (let page = 1; page < 100; page += 1) {
      const vendorRequest = convocoreAdapter.buildRequest({
        binding,
        credential,
        pageSize: 25,
        position: { page },
        bounds: { lagMs: 0 },
        wantSummary: false,
      });
      const search = new URLSearchParams(Object.entries(vendorRequest.query ?? {}).map(([name, value]) => [name, String(value)]));
      const response = await request(`${simulator.baseUrl}${vendorRequest.path}?${search}`, {
        method: vendorRequest.method,
        headers: vendorRequest.headers,
      });
      expect(response.statusCode).toBe(200);
      const { records } = convocoreAdapter.parsePage(await response.body.json());
      pageSize = Number(vendorRequest.query?.['limit']);
      if (records.length === 0) break;
      for (const record of records) {
        const row = convocoreAdapter.mapRow(record as ConvocoreConversation, { binding });
        expect(row.lastActivityAt).not.toBeNull();
        expect(Date.parse(row.lastActivityAt!)).toBeLessThanOrEqual(convocoreAdapter.nativeKey(record as ConvocoreConversation)!);
        ids.push(row.conversationId);
      }
    }
    expect(pageSize).toBe(25);
    const visibleIds = (simulator.visibleRecords(binding) as ConvocoreConversation[]).map((record) => record.ID);
    expect(ids).toEqual(visibleIds);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('exports the module with a sandbox binding', () => {
    expect(convocoreModule.adapter).toBe(convocoreAdapter);
    expect(convocoreModule.createSimulator).toBe(createConvocoreSimulator);
    expect(convocoreModule.sandboxBinding('agent-x')).toEqual({ agentId: 'agent-x' });
    expect(convocoreAdapter.vendorAgentId(binding)).toBe('agent123');
    expect(convocoreAdapter.boundUserIds(binding)).toEqual([]);
  });
});
