import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tetherAdapter } from '../../../adapters/tether/tether-adapter.js';
import { tetherMonitor } from '../../../adapters/tether/tether-monitor.js';
import { createTetherSimulator } from '../../../adapters/tether/tether-simulator.js';
import type { SourceBinding, VendorSimulator } from '../../../src/contract/index.js';
import { requestContext } from '../../support/vendor-harness.js';
import { declaredQueryParameters, getJson, loadSpec } from './spec-judge.js';

/** Tether publishes no client: its own document (`specs/tether.openapi.yaml`) judges the simulator. */

const TOKEN = 'tether-spec-token';
const LIST = '/api/escalation-dashboard/agent-conversations';
const REPORT = '/api/conversation-monitor/report';
const DEPARTMENT = '65b1c2d3e4f5a6b7c8d9e0f1';
const assignee: SourceBinding = { connection: 'tether', userId: '65a0e0e0e0e0e0e0e0e0e0e0', type: 'assignee' };
const owner: SourceBinding = { connection: 'tether', userId: '65a0e0e0e0e0e0e0e0e0e0e0', type: 'owner' };
const inDepartment: SourceBinding = { connection: 'tether', userId: '65a2b2b2b2b2b2b2b2b2b2b2', type: 'assignee', departmentId: DEPARTMENT };
const spec = loadSpec('tether');
let simulator: VendorSimulator;
const get = (path: string, query: Record<string, string | number>, token = TOKEN) => getJson(simulator.baseUrl, path, query, { authorization: `Bearer ${token}` });
const ids = (rows: { conversationId?: string }[]) => rows.map((row) => row.conversationId);

/** Every row of the list for the query, page by page, each body checked against the spec. */
async function listAll(query: Record<string, string | number>, limit = 7): Promise<{ conversationId?: string }[]> {
  const rows: { conversationId?: string }[] = [];
  for (let page = 1; page < 100; page += 1) {
    const { status, body } = await get(LIST, { ...query, page, limit });
    expect(status).toBe(200);
    expect(spec.checkResponse('GET', LIST, 200, body)).toEqual([]);
    rows.push(...body.data.rows);
    if (page >= body.data.pagination.totalPages) return rows;
  }
  throw new Error('did not reach the end');
}

beforeAll(async () => {
  simulator = createTetherSimulator({
    seed: 14, credential: TOKEN, now: Date.UTC(2026, 4, 1),
    agents: [{ binding: assignee, count: 40 }, { binding: owner, count: 20 }, { binding: inDepartment, count: 25 }],
  });
  await simulator.start();
});
afterAll(async () => {
  await simulator.close();
});

describe('tether simulator judged by its spec', () => {
  it('covers every query parameter the spec declares, on both operations', () => {
    expect(declaredQueryParameters(spec, 'GET', LIST)).toEqual(['departmentId', 'limit', 'page', 'type', 'userId']);
    expect(declaredQueryParameters(spec, 'GET', REPORT)).toEqual(['category', 'departmentId', 'limit', 'organizationId', 'page', 'skipThreshold']);
  });

  it('userId, type, departmentId, page and limit: every binding pages to exactly its rows', async () => {
    for (const binding of [assignee, owner, inDepartment]) {
      const { connection: _connection, ...query } = binding as Record<string, string>;
      expect(ids(await listAll(query)), JSON.stringify(query)).toEqual(ids(simulator.visibleRecords(binding) as { conversationId?: string }[]));
    }
  });

  it('clamps limit to [1, 100] as the spec says; rejects a bad userId or type with a 400 in its error shape', async () => {
    expect((await get(LIST, { userId: assignee.userId as string, limit: 500 })).body.data.pagination.limit).toBe(100);
    const bad: Record<string, string>[] = [{ userId: 'not-an-object-id' }, { userId: assignee.userId as string, type: 'watcher' }];
    for (const query of bad) {
      const { status, body } = await get(LIST, query);
      expect(status, JSON.stringify(query)).toBe(400);
      expect(spec.checkResponse('GET', LIST, 400, body)).toEqual([]);
    }
    const unauthorized = await get(LIST, { userId: assignee.userId as string }, 'wrong');
    expect(unauthorized.status).toBe(401);
    expect(spec.checkResponse('GET', LIST, 401, unauthorized.body)).toEqual([]);
  });

  it('the monitor report honours category, skipThreshold, departmentId and organizationId as documented', async () => {
    const every = await get(REPORT, { skipThreshold: 'true', limit: 100 });
    expect(spec.checkResponse('GET', REPORT, 200, every.body)).toEqual([]);
    const rows: { category: string; latestInboundAt: string | null }[] = every.body.data.rows;
    const stuck = await get(REPORT, { skipThreshold: 'true', category: 'ai_stuck', limit: 100 });
    expect(stuck.body.data.rows).toEqual(rows.filter((row) => row.category === 'ai_stuck'));
    const overThreshold = await get(REPORT, { limit: 100 });
    const thresholdMs = overThreshold.body.data.thresholdMinutes * 60_000;
    expect(overThreshold.body.data.rows).toEqual(rows.filter((row) => row.latestInboundAt !== null && Date.UTC(2026, 4, 1) - Date.parse(row.latestInboundAt) >= thresholdMs));
    expect((await get(REPORT, { skipThreshold: 'true', departmentId: DEPARTMENT, limit: 100 })).body.data.rows.length).toBeLessThan(rows.length);
    const forbidden = await get(REPORT, { organizationId: 'someone-else' });
    expect(forbidden.status).toBe(403);
    expect(spec.checkResponse('GET', REPORT, 403, forbidden.body)).toEqual([]);
    expect((await get(REPORT, { category: 'sleepy' })).status).toBe(400);
  });

  it("the adapter's and the monitor's requests use only what the spec declares", () => {
    const stringify = (query: Record<string, unknown> = {}) =>
      Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined).map(([name, value]) => [name, String(value)]));
    const list = tetherAdapter.buildRequest(requestContext(tetherAdapter, inDepartment, TOKEN, 50, { page: 2 }));
    expect(spec.checkRequest(list.method, list.path, stringify(list.query))).toEqual([]);
    const report = tetherMonitor.buildReportRequest({ binding: inDepartment, credential: TOKEN, page: 1, pageSize: 100, category: 'ai_stuck' });
    expect(spec.checkRequest(report.method, report.path, stringify(report.query))).toEqual([]);
  });
});
