import { Ajv } from 'ajv';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceBinding, VendorSimulator } from '../../../src/contract/index.js';
import { tetherModule } from '../../../adapters/tether/index.js';
import { tetherAdapter } from '../../../adapters/tether/tether-adapter.js';
import { createTetherSimulator } from '../../../adapters/tether/tether-simulator.js';
import type { TetherConversationRow } from '../../../adapters/tether/tether-types.js';
import { mappedAsSent } from '../../support/mapped-as-sent.js';

const PATH = '/api/escalation-dashboard/agent-conversations';
const TOKEN = 'tether-test-token';
const NOW = Date.parse('2026-05-18T15:00:00.000Z');
const DEPARTMENT = '65b1c2d3e4f5a6b7c8d9e0f1';

const assignee: SourceBinding = { connection: 'tether', userId: '65a0e0e0e0e0e0e0e0e0e0e0', type: 'assignee' };
const owner: SourceBinding = { connection: 'tether', userId: '65a1a1a1a1a1a1a1a1a1a1a1', type: 'owner' };
const department: SourceBinding = {
  connection: 'tether',
  userId: '65a2b2b2b2b2b2b2b2b2b2b2',
  type: 'assignee',
  departmentId: DEPARTMENT,
};
const large: SourceBinding = { connection: 'tether', userId: '65a3c3c3c3c3c3c3c3c3c3c3', type: 'assignee' };

function createSimulator(seed = 42): VendorSimulator {
  return createTetherSimulator({
    seed,
    credential: TOKEN,
    now: NOW,
    agents: [
      { binding: assignee, count: 45 },
      { binding: owner, count: 30 },
      { binding: department, count: 25 },
      { binding: large, count: 130 },
    ],
  });
}

interface Body {
  success: boolean;
  message?: string;
  error?: string;
  data?: {
    rows: TetherConversationRow[];
    pagination: { page: number; limit: number; total: number; totalPages: number };
  };
}

let simulator: VendorSimulator;

beforeAll(async () => {
  simulator = createSimulator();
  await simulator.start();
});

afterAll(async () => {
  await simulator.close();
});

async function get(
  query: Record<string, string | number>,
  headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` },
  path = PATH,
): Promise<{ status: number; body: Body }> {
  const url = new URL(simulator.baseUrl + path);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, String(value));
  const response = await request(url, { headers });
  return { status: response.statusCode, body: (await response.body.json()) as Body };
}

async function readAll(query: Record<string, string | number>, limit: number): Promise<TetherConversationRow[]> {
  const rows: TetherConversationRow[] = [];
  for (let page = 1; ; page += 1) {
    const { body } = await get({ ...query, page, limit });
    rows.push(...body.data!.rows);
    if (page >= body.data!.pagination.totalPages) return rows;
  }
}

const ids = (rows: TetherConversationRow[]) => rows.map((row) => row.conversationId);
const time = (row: TetherConversationRow) => (row.lastMessageTime ? Date.parse(row.lastMessageTime) : null);

describe('Tether simulator: auth and errors', () => {
  it('answers 401 in the vendor shape without a credential', async () => {
    const { status, body } = await get({ userId: assignee.userId as string }, {});
    expect(status).toBe(401);
    expect(body).toEqual({ success: false, message: 'Unauthorized', error: 'UNAUTHORIZED' });
  });

  it('answers 401 for a wrong token or a non-bearer scheme', async () => {
    expect((await get({ userId: assignee.userId as string }, { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await get({ userId: assignee.userId as string }, { authorization: TOKEN })).status).toBe(401);
    expect((await get({ userId: assignee.userId as string }, { authorization: `Basic ${TOKEN}` })).status).toBe(401);
  });

  it('answers 400 for a missing or non-ObjectId userId', async () => {
    const queries: Record<string, string>[] = [{}, { userId: '' }, { userId: 'abc' }, { userId: `${assignee.userId as string}0` }];
    for (const query of queries) {
      const { status, body } = await get(query);
      expect(status).toBe(400);
      expect(body).toMatchObject({ success: false, message: 'Missing or invalid userId' });
    }
  });

  it('answers 400 for a type other than assignee or owner', async () => {
    const { status, body } = await get({ userId: assignee.userId as string, type: 'watcher' });
    expect(status).toBe(400);
    expect(body.success).toBe(false);
    expect(typeof body.message).toBe('string');
  });

  it('answers 404 in the vendor shape for an unknown path', async () => {
    const { status, body } = await get({}, undefined, '/api/escalation-dashboard/nope');
    expect(status).toBe(404);
    expect(body).toMatchObject({ success: false, message: expect.any(String) });
  });
});

describe('Tether simulator: pagination', () => {
  it('defaults to page 1 and limit 20 and reports total and totalPages', async () => {
    const { status, body } = await get({ userId: assignee.userId as string });
    expect(status).toBe(200);
    expect(Object.keys(body.data!).sort()).toEqual(['pagination', 'rows']);
    expect(body.data!.pagination).toEqual({ page: 1, limit: 20, total: 45, totalPages: 3 });
    expect(body.data!.rows).toHaveLength(20);
  });

  it('clamps limit to [1, 100] and reports the clamped value', async () => {
    const userId = large.userId as string;
    expect((await get({ userId, limit: 0 })).body.data!.pagination).toMatchObject({ limit: 1, totalPages: 130 });
    const capped = await get({ userId, limit: 500 });
    expect(capped.body.data!.pagination).toEqual({ page: 1, limit: 100, total: 130, totalPages: 2 });
    expect(capped.body.data!.rows).toHaveLength(100);
    expect((await get({ userId, limit: 'many' })).body.data!.pagination.limit).toBe(20);
    expect((await get({ userId, limit: -5 })).body.data!.rows).toHaveLength(1);
  });

  it('reads page < 1 or not a number as page 1', async () => {
    const userId = assignee.userId as string;
    const first = ids((await get({ userId, limit: 5 })).body.data!.rows);
    for (const page of [0, -2, 'last']) {
      const { body } = await get({ userId, limit: 5, page });
      expect(body.data!.pagination.page).toBe(1);
      expect(ids(body.data!.rows)).toEqual(first);
    }
  });

  it('answers a page past the end with no rows and the same totals', async () => {
    const { body } = await get({ userId: assignee.userId as string, page: 9, limit: 20 });
    expect(body.data!.rows).toEqual([]);
    expect(body.data!.pagination).toEqual({ page: 9, limit: 20, total: 45, totalPages: 3 });
  });

  it('has a short last page and pages that do not overlap', async () => {
    const rows = await readAll({ userId: assignee.userId as string }, 20);
    expect(rows).toHaveLength(45);
    expect(new Set(ids(rows)).size).toBe(45);
    const last = await get({ userId: assignee.userId as string, page: 3, limit: 20 });
    expect(last.body.data!.rows).toHaveLength(5);
  });

  it('reports totalPages 0 when nothing matches', async () => {
    const { body } = await get({ userId: 'ffffffffffffffffffffffff' });
    expect(body.data).toEqual({ rows: [], pagination: { page: 1, limit: 20, total: 0, totalPages: 0 } });
  });
});

describe('Tether simulator: order', () => {
  it('sorts by lastMessageTime desc with nulls last', async () => {
    const rows = await readAll({ userId: large.userId as string }, 100);
    const times = rows.map(time);
    const firstNull = times.indexOf(null);
    expect(firstNull).toBeGreaterThan(0);
    expect(times.slice(firstNull).every((value) => value === null)).toBe(true);
    const dated = times.slice(0, firstNull) as number[];
    for (let index = 1; index < dated.length; index += 1) expect(dated[index]).toBeLessThanOrEqual(dated[index - 1]!);
  });

  it('has exact ties, ordered deterministically but not by conversationId ascending', async () => {
    const rows = await readAll({ userId: large.userId as string }, 100);
    const ties = rows.filter((row, index) => index > 0 && row.lastMessageTime === rows[index - 1]!.lastMessageTime);
    expect(ties.length).toBeGreaterThan(2);
    for (let index = 1; index < rows.length; index += 1) {
      if (rows[index]!.lastMessageTime !== rows[index - 1]!.lastMessageTime) continue;
      expect(rows[index]!.conversationId! < rows[index - 1]!.conversationId!).toBe(true);
    }
  });
});

describe('Tether simulator: filters', () => {
  it('type=assignee is the default', async () => {
    const userId = assignee.userId as string;
    const implicit = await readAll({ userId }, 100);
    const explicit = await readAll({ userId, type: 'assignee' }, 100);
    expect(ids(implicit)).toEqual(ids(explicit));
  });

  it('type=owner lists the conversations the user owns, not the ones assigned', async () => {
    const ownerId = owner.userId as string;
    const owned = await readAll({ userId: ownerId, type: 'owner' }, 100);
    expect(owned).toHaveLength(30);
    const assigned = await readAll({ userId: ownerId, type: 'assignee' }, 100);
    expect(assigned.length).toBeGreaterThan(0);
    expect(ids(assigned)).not.toEqual(ids(owned));
    // The simulator gives an assignee binding a few conversations it only owns.
    const ownedByAssignee = await readAll({ userId: assignee.userId as string, type: 'owner' }, 100);
    const assignedIds = new Set(ids(await readAll({ userId: assignee.userId as string }, 100)));
    expect(ownedByAssignee.some((row) => !assignedIds.has(row.conversationId))).toBe(true);
  });

  it('departmentId keeps only that department', async () => {
    const userId = department.userId as string;
    const all = await readAll({ userId }, 100);
    const scoped = await readAll({ userId, departmentId: DEPARTMENT }, 100);
    expect(scoped).toHaveLength(25);
    expect(all.length).toBeGreaterThan(25);
    const allIds = new Set(ids(all));
    expect(scoped.every((row) => allIds.has(row.conversationId))).toBe(true);
    expect((await get({ userId, departmentId: 'ffffffffffffffffffffffff' })).body.data!.pagination.total).toBe(0);
  });

  it('matches userId case-insensitively, as an ObjectId', async () => {
    const upper = (assignee.userId as string).toUpperCase();
    expect((await get({ userId: upper })).body.data!.pagination.total).toBe(45);
  });

  it('never returns voice conversations and keeps previews within 80 characters', async () => {
    for (const binding of [assignee, owner, department, large]) {
      const rows = await readAll({ userId: binding.userId as string, type: binding.type as string }, 100);
      expect(rows.some((row) => row.channelType === 'voice')).toBe(false);
      for (const row of rows) expect(Array.from(row.lastMessagePreview ?? '').length).toBeLessThanOrEqual(80);
    }
  });

  it('leaves optional fields out or null on some rows', async () => {
    const rows = await readAll({ userId: large.userId as string }, 100);
    expect(rows.some((row) => !('contactPhone' in row))).toBe(true);
    expect(rows.some((row) => row.contactId === null)).toBe(true);
    expect(rows.some((row) => row.lastMessagePreview === null)).toBe(true);
    expect(rows.some((row) => row.lastMessageTime === null)).toBe(true);
  });
});

describe('Tether simulator: data', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const again = createSimulator();
    const other = createSimulator(43);
    expect(again.visibleRecords(assignee)).toEqual(simulator.visibleRecords(assignee));
    expect(ids(other.visibleRecords(assignee) as TetherConversationRow[])).not.toEqual(
      ids(simulator.visibleRecords(assignee) as TetherConversationRow[]),
    );
  });

  it('visibleRecords equals a full paginated read with the binding defaults', async () => {
    for (const binding of [assignee, owner, department]) {
      const query: Record<string, string> = { userId: binding.userId as string, type: binding.type as string };
      if (binding.departmentId) query.departmentId = binding.departmentId as string;
      expect(await readAll(query, 7)).toEqual(simulator.visibleRecords(binding));
    }
  });

  it('insertNewest adds a row that comes first', async () => {
    const fresh = createSimulator(7);
    await fresh.start();
    try {
      const before = fresh.visibleRecords(owner) as TetherConversationRow[];
      const inserted = fresh.insertNewest(owner) as TetherConversationRow;
      expect(Date.parse(inserted.lastMessageTime!)).toBeGreaterThanOrEqual(time(before[0]!)! + 60_000);
      const response = await request(
        `${fresh.baseUrl}${PATH}?userId=${owner.userId as string}&type=owner&limit=1`,
        { headers: { authorization: `Bearer ${TOKEN}` } },
      );
      const body = (await response.body.json()) as Body;
      expect(body.data!.rows[0]).toEqual(inserted);
      expect(body.data!.pagination.total).toBe(before.length + 1);
    } finally {
      await fresh.close();
    }
  });
});

describe('Tether simulator: faults and requests', () => {
  it('injects a 500 once, then answers normally', async () => {
    simulator.faults.inject({ kind: 'status', status: 500 });
    expect((await get({ userId: assignee.userId as string })).status).toBe(500);
    expect((await get({ userId: assignee.userId as string })).status).toBe(200);
  });

  it('records the requests it answered', async () => {
    await get({ userId: assignee.userId as string, page: 2, limit: 3 });
    expect(simulator.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: PATH,
      query: { userId: assignee.userId, page: '2', limit: '3' },
    });
  });
});

describe('Tether adapter against the simulator', () => {
  async function walk(binding: SourceBinding, pageSize: number) {
    const rows = [];
    let requests = 0;
    for (let page = 1; ; page += 1) {
      const vendorRequest = tetherAdapter.buildRequest({
        binding,
        credential: TOKEN,
        pageSize,
        position: { page },
        bounds: { lagMs: 0 },
        wantSummary: false,
      });
      const url = new URL(simulator.baseUrl + vendorRequest.path);
      for (const [name, value] of Object.entries(vendorRequest.query ?? {})) {
        if (value !== undefined) url.searchParams.set(name, String(value));
      }
      const response = await request(url, { method: vendorRequest.method, headers: vendorRequest.headers });
      requests += 1;
      expect(response.statusCode).toBe(200);
      const parsed = tetherAdapter.parsePage(await response.body.json());
      rows.push(...parsed.records.map((record) => mappedAsSent(tetherAdapter, record as TetherConversationRow, binding)));
      const { pagination } = tetherAdapter;
      if (parsed.records.length === 0) break;
      if (pagination.kind === 'page' && pagination.shortPageEnds && parsed.records.length < pageSize) break;
      if (parsed.totalPages !== undefined && page >= parsed.totalPages) break;
    }
    return { rows, requests };
  }

  it('walks every page and maps exactly the visible records, once each', async () => {
    for (const [binding, pageSize] of [
      [assignee, 10],
      [owner, 7],
      [department, 25],
      [large, 100],
    ] as const) {
      const { rows, requests } = await walk(binding, pageSize);
      const visible = simulator.visibleRecords(binding) as TetherConversationRow[];
      expect(rows.map((row) => row.conversationId)).toEqual(ids(visible));
      expect(new Set(rows.map((row) => row.conversationId)).size).toBe(rows.length);
      expect(requests).toBe(Math.max(1, Math.ceil(visible.length / pageSize)));
      expect(rows.every((row) => row.vendorAgentId === binding.userId)).toBe(true);
    }
  });

  it('builds the request from the binding and the page position', () => {
    const context = { credential: TOKEN, pageSize: 50, bounds: { lagMs: 0 }, wantSummary: false };
    const first = tetherAdapter.buildRequest({ ...context, binding: { connection: 'tether', userId: 'a'.repeat(24) }, position: {} });
    expect(first).toEqual({
      method: 'GET',
      path: PATH,
      query: { userId: 'a'.repeat(24), type: 'assignee', departmentId: undefined, page: 1, limit: 50 },
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    const scoped = tetherAdapter.buildRequest({ ...context, binding: department, position: { page: 3 } });
    expect(scoped.query).toMatchObject({ type: 'assignee', departmentId: DEPARTMENT, page: 3 });
    // The core keeps the page size within maxPageSize (clampPageSize); the adapter sends it as it comes.
    const largest = tetherAdapter.buildRequest({ ...context, pageSize: 100, binding: owner, position: { page: 1 } });
    expect(largest.query).toMatchObject({ type: 'owner', limit: 100 });
  });

  it('declares a binding schema that takes userId, type and departmentId only', () => {
    const validate = new Ajv().compile(tetherAdapter.bindingSchema);
    expect(validate(assignee)).toBe(true);
    expect(validate(department)).toBe(true);
    expect(validate({ connection: 'tether', userId: 'a'.repeat(24) })).toBe(true);
    expect(validate({ connection: 'tether', userId: 'not an id' })).toBe(false);
    expect(validate({ connection: 'tether', userId: '' })).toBe(false);
    expect(validate({ connection: 'tether', userId: 'a'.repeat(24), type: 'watcher' })).toBe(false);
    expect(validate({ connection: 'tether', userId: 'a'.repeat(24), agentId: 'x' })).toBe(false);
    expect(validate({ connection: 'tether' })).toBe(false);
  });

  it('binds a sandbox agent to a stable ObjectId-like user', () => {
    const binding = tetherModule.sandboxBinding('support-bot');
    expect(binding).toEqual({ userId: expect.stringMatching(/^[0-9a-f]{24}$/), type: 'assignee' });
    expect(tetherModule.sandboxBinding('support-bot')).toEqual(binding);
    expect(tetherModule.sandboxBinding('sales-bot').userId).not.toBe(binding.userId);
    const full = { connection: 'tether', ...binding };
    expect(tetherAdapter.vendorAgentId(full)).toBe(binding.userId);
    expect(tetherAdapter.boundUserIds(full)).toEqual([binding.userId]);
  });
});
