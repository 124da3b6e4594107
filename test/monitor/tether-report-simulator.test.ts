import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPERADMIN_TOKEN_PREFIX, TETHER_SIMULATOR_THRESHOLD_MINUTES } from '../../adapters/tether/tether-monitor-simulator.js';
import { createTetherSimulator } from '../../adapters/tether/tether-simulator.js';
import type { TetherMonitorReport } from '../../adapters/tether/tether-monitor-types.js';
import type { SourceBinding, VendorSimulator } from '../../src/contract/index.js';

const TOKEN = 'tether-monitor-token';
const NOW = Date.parse('2026-05-18T15:00:00.000Z');
const DEPARTMENT = '65b1c2d3e4f5a6b7c8d9e0f1';
const assignee: SourceBinding = { connection: 'tether', userId: '65a0e0e0e0e0e0e0e0e0e0e0', type: 'assignee' };
const inDepartment: SourceBinding = { connection: 'tether', userId: '65a2b2b2b2b2b2b2b2b2b2b2', type: 'assignee', departmentId: DEPARTMENT };

let simulator: VendorSimulator;

beforeAll(async () => {
  simulator = createTetherSimulator({ seed: 42, credential: TOKEN, now: NOW, agents: [{ binding: assignee, count: 60 }, { binding: inDepartment, count: 30 }] });
  await simulator.start();
});
afterAll(async () => {
  await simulator.close();
});

async function report(query: Record<string, string | number>, token = TOKEN) {
  const url = new URL(`${simulator.baseUrl}/api/conversation-monitor/report`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, String(value));
  const response = await request(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.statusCode, body: (await response.body.json()) as { success: boolean; error?: string; data: TetherMonitorReport } };
}

async function allRows(query: Record<string, string | number>) {
  const rows = [];
  for (let page = 1; ; page += 1) {
    const { body } = await report({ ...query, page, limit: 7 });
    rows.push(...body.data.rows!);
    if (page >= body.data.pagination!.totalPages!) return rows;
  }
}

describe('Tether conversation-monitor report simulator', () => {
  it('answers in the documented shape, longest waiting first', async () => {
    const { status, body } = await report({ skipThreshold: 'true' });
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ generatedAt: new Date(NOW).toISOString(), thresholdMinutes: TETHER_SIMULATOR_THRESHOLD_MINUTES, snapshotMissing: false });
    expect(body.data.pagination).toMatchObject({ page: 1, limit: 25 });
    expect(body.data.totalCount).toBe(body.data.pagination!.total);
    const row = body.data.rows![0]!;
    for (const field of ['conversationId', 'contactName', 'channelType', 'latestInboundAt', 'category', 'assigneeNames', 'hasAccess']) expect(row).toHaveProperty(field);
    const rows = await allRows({ skipThreshold: 'true' });
    const times = rows.map((candidate) => (candidate.latestInboundAt ? Date.parse(candidate.latestInboundAt) : Infinity));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(rows.map((candidate) => candidate.category))).toEqual(new Set(['ai_stuck', 'agent_abandoned']));
  });

  it('applies its 30-minute threshold unless skipThreshold=true', async () => {
    const every = await allRows({ skipThreshold: 'true' });
    const stalled = await allRows({});
    const old = every.filter((row) => row.latestInboundAt && NOW - Date.parse(row.latestInboundAt) >= 30 * 60_000);
    expect(stalled.map((row) => row.conversationId)).toEqual(old.map((row) => row.conversationId));
    expect(stalled.length).toBeLessThan(every.length);
  });

  it('filters by category and department, and refuses an unknown category', async () => {
    const aiStuck = await allRows({ category: 'ai_stuck', skipThreshold: 'true' });
    expect(aiStuck.length).toBeGreaterThan(0);
    expect(aiStuck.every((row) => row.category === 'ai_stuck')).toBe(true);
    const department = await allRows({ departmentId: DEPARTMENT, skipThreshold: 'true' });
    const every = await allRows({ skipThreshold: 'true' });
    expect(department.length).toBeGreaterThan(0);
    expect(department.length).toBeLessThan(every.length);
    expect((await report({ category: 'stuck' })).status).toBe(400);
  });

  it('pages with limit <= 100 (clamped) and page >= 1', async () => {
    expect((await report({ limit: 500 })).body.data.pagination!.limit).toBe(100);
    expect((await report({ page: 0 })).body.data.pagination!.page).toBe(1);
  });

  it('lets only a SUPERADMIN pass organizationId; another organization is 404', async () => {
    const own = (await report({})).body.data.organizationId!;
    expect((await report({ organizationId: own })).body).toMatchObject({ success: false, error: 'FORBIDDEN' });
    expect((await report({ organizationId: own }, `${SUPERADMIN_TOKEN_PREFIX}${TOKEN}`)).status).toBe(200);
    expect((await report({ organizationId: 'ffffffffffffffffffffffff' }, `${SUPERADMIN_TOKEN_PREFIX}${TOKEN}`)).status).toBe(404);
    expect((await report({}, 'wrong')).status).toBe(401);
  });

  it('reports the planted probes with their categories', async () => {
    const every = new Map((await allRows({ skipThreshold: 'true' })).map((row) => [row.conversationId, row]));
    const probes = simulator.stallProbes!(assignee);
    expect(probes).toHaveLength(6);
    for (const probe of probes) {
      expect(every.get(probe.conversationId)).toMatchObject({ category: probe.category, latestInboundAt: new Date(probe.latestInboundAt).toISOString() });
    }
  });
});
