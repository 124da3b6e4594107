import { afterEach, describe, expect, it } from 'vitest';
import { adapterModules } from '../../adapters/index.js';
import { buildApp } from '../../src/app.js';
import type { AdapterModule } from '../../src/contract/index.js';
import { expectedStalls } from '../support/expected-stalls.js';
import { getStalled, walkStalled } from '../support/monitor-walk.js';
import { startSandboxApp, TEST_NOW, type SandboxApp } from '../support/sandbox-app.js';

let sandbox: SandboxApp | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function started(): Promise<SandboxApp> {
  sandbox = await startSandboxApp({ now: () => TEST_NOW });
  return sandbox;
}

describe('bad input is a 400 in the envelope, never a 500', () => {
  const cases = [
    'limit=0',
    'limit=101',
    'limit=abc',
    'limit=2.5',
    'category=stuck',
    'category=ai_stuck&category=agent_abandoned',
    'thresholdMinutes=0',
    'thresholdMinutes=-5',
    'thresholdMinutes=abc',
    'thresholdMinutes=43201',
    'skipThreshold=yes',
    'agentId=%E2%98%83%20x',
    'departmentId=',
    'unknownParam=1',
    `cursor=${'x'.repeat(9000)}`,
  ];
  it.each(cases)('%s', async (query) => {
    const { app, token } = await started();
    const response = await app.inject({ url: `/v1/monitor/stalled?${query}`, headers: { authorization: `Bearer ${token()}` } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ success: false, error: 'BAD_REQUEST' });
    expect(response.json().message).toBeTruthy();
  });

  it('no token is a 401', async () => {
    const { app } = await started();
    const response = await app.inject({ url: '/v1/monitor/stalled' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ success: false, error: 'UNAUTHORIZED' });
  });

  it('the route is in the OpenAPI document', async () => {
    const { app } = await started();
    expect(Object.keys((await app.inject({ url: '/openapi.json' })).json().paths)).toContain('/v1/monitor/stalled');
  });
});

describe('a failing vendor gives a partial report, not an error', () => {
  it('ChatDash answering 500 forever: its status says so, the other vendors still report', async () => {
    const { app, token, world } = await started();
    const want = await expectedStalls(world, ['support-bot'], TEST_NOW);
    world.simulators.get('chatdash')!.faults.inject({ kind: 'status', status: 500 }, { times: Infinity });
    const walk = await walkStalled(app, token(), { agentId: 'support-bot', limit: '10' });
    expect(walk.rows.map((row) => row.id)).toEqual(want.filter((stall) => !stall.id.startsWith('chatdash:')).map((stall) => stall.id));
    for (const page of walk.pages) {
      const chatdash = page.sources.find((source) => source.source === 'chatdash')!;
      expect(['error', 'circuit_open']).toContain(chatdash.status);
      expect(chatdash.error).toBeDefined();
      expect(page.partial).toBe(true);
      expect(page.totalCount).toBeNull();
    }
  });

  it("Tether's report failing fails the Tether source even though its conversations answered", async () => {
    const { app, token, world } = await started();
    world.simulators.get('tether')!.faults.inject({ kind: 'status', status: 500 }, { times: Infinity, pathIncludes: 'conversation-monitor' });
    const { status, body } = await getStalled(app, token(), { agentId: 'support-bot', limit: '100' });
    expect(status).toBe(200);
    const tether = body.data.sources.find((source) => source.source === 'tether')!;
    expect(tether.status).toBe('error');
    expect(tether.error?.code).toBe('VENDOR_HTTP_ERROR');
    expect(body.data.partial).toBe(true);
    expect(body.data.rows.some((row) => row.vendor === 'tether')).toBe(false);
    expect(body.data.rows.length).toBeGreaterThan(0);
  });

  it('a Tether report without a snapshot is reported on the source, and the report is partial', async () => {
    const { app, token, world } = await started();
    const noSnapshot = (body: unknown) => {
      const data = (body as { data: Record<string, unknown> }).data;
      return { success: true, data: { ...data, generatedAt: null, snapshotMissing: true, totalCount: 0, rows: [], pagination: { page: 1, limit: 100, total: 0, totalPages: 0 } } };
    };
    world.simulators.get('tether')!.faults.inject({ kind: 'transform', transform: noSnapshot }, { times: Infinity, pathIncludes: 'conversation-monitor' });
    const { body } = await getStalled(app, token(), { agentId: 'support-bot', limit: '100' });
    const tether = body.data.sources.find((source) => source.source === 'tether')!;
    expect(tether).toMatchObject({ status: 'ok', error: { code: 'MONITOR_SNAPSHOT_MISSING' }, vendorReport: { snapshotMissing: true, generatedAt: null } });
    expect(body.data.partial).toBe(true);
  });

  it('every source failing is a 502 ALL_SOURCES_FAILED', async () => {
    const { app, token, world } = await started();
    for (const simulator of world.simulators.values()) simulator.faults.inject({ kind: 'status', status: 500 }, { times: Infinity });
    const { status, body } = await getStalled(app, token(), { agentId: 'sales-bot' });
    expect(status).toBe(502);
    expect(body).toMatchObject({ success: false, error: 'ALL_SOURCES_FAILED' });
  });
});

describe('an adapter without the monitor capability', () => {
  it('keeps working and reports MONITOR_UNSUPPORTED on its sources', async () => {
    const { world } = await started();
    const withoutMonitor: AdapterModule[] = adapterModules.map((module) =>
      module.adapter.vendor === 'chatdash' ? { ...module, adapter: { ...module.adapter, monitor: undefined } } : module,
    );
    const app = await buildApp({ config: world.config, adapters: withoutMonitor, now: () => TEST_NOW });
    try {
      const { status, body } = await getStalled(app, sandbox!.token(), { agentId: 'support-bot' });
      expect(status).toBe(200);
      const chatdash = body.data.sources.find((source) => source.source === 'chatdash')!;
      expect(chatdash).toMatchObject({ status: 'skipped', requests: 0, unsupported: ['ai_stuck', 'agent_abandoned'], error: { code: 'MONITOR_UNSUPPORTED' } });
      expect(body.data.partial).toBe(false);
      expect(body.data.rows.some((row) => row.vendor === 'chatdash')).toBe(false);
    } finally {
      await app.close();
    }
  });
});
