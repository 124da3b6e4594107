import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeDrift } from '../../src/specs/runtime-drift.js';
import { startSandboxApp, type SandboxApp } from '../support/sandbox-app.js';
import { getPage } from '../support/walk.js';

const call = (id: string, extra: Record<string, unknown> = {}) => ({ call_id: id, agent_id: 'a', agent_version: 1, call_type: 'phone_call', call_status: 'ended', ...extra });

function driftWith(sampleEvery = 1) {
  const registry = new Registry();
  const logs: Record<string, string>[] = [];
  const drift = new RuntimeDrift({ registry, log: (_message, fields) => logs.push(fields), sampleEvery });
  const count = async (path: string) => (await drift.drifts.get()).values.find((value) => value.labels.path === path)?.value ?? 0;
  return { drift, logs, count, registry };
}

describe('runtime drift', () => {
  it('counts each drifted field by connection and field path, logs it once, and a clean body counts nothing', async () => {
    const { drift, logs, count } = driftWith();
    const drifted = { items: [call('c1', { agent_version: undefined }), call('c2', { agent_version: undefined }), call('c3')], has_more: false };
    drift.observe('retell-eu', 'retell', 'POST', '/v3/list-calls', drifted);
    drift.observe('retell-eu', 'retell', 'POST', '/v3/list-calls', drifted);
    expect(await count('items[].agent_version')).toBe(4);
    expect(logs).toEqual([
      { connection: 'retell-eu', vendor: 'retell', operation: 'POST /v3/list-calls', path: 'items[].agent_version', problem: 'is required but missing' },
    ]);
    const clean = driftWith();
    clean.drift.observe('retell-eu', 'retell', 'POST', '/v3/list-calls', { items: [call('c1')], has_more: false });
    expect((await clean.drift.drifts.get()).values).toEqual([]);
  });

  it('never throws: no spec, an unknown operation or a body of any shape', () => {
    const { drift } = driftWith();
    expect(() => drift.observe('x', 'no-such-vendor', 'GET', '/x', null)).not.toThrow();
    expect(() => drift.observe('x', 'retell', 'GET', '/nowhere', undefined)).not.toThrow();
    expect(() => drift.observe('x', 'retell', 'POST', '/v3/list-calls', 'not json')).not.toThrow();
  });

  it('checks one response in sampleEvery per connection', async () => {
    const { drift, count } = driftWith(3);
    const drifted = { items: [call('c1', { agent_version: 'one' })] };
    for (let index = 0; index < 7; index += 1) drift.observe('r', 'retell', 'POST', '/v3/list-calls', drifted);
    expect(await count('items[].agent_version')).toBe(3);
  });
});

describe('runtime drift in the gateway', () => {
  let sandbox: SandboxApp;
  beforeAll(async () => {
    // No page cache: the drifted page must come from the vendor, not from the first test's read.
    sandbox = await startSandboxApp({
      seed: 4,
      adjust: (config) => {
        for (const connection of Object.values(config.connections)) connection.cacheTtlMs = 0;
      },
    });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  const metrics = async () => (await sandbox.app.inject({ method: 'GET', url: '/metrics' })).body;

  it('every simulator answers as its spec says: a full page of every source counts no drift', async () => {
    const { status, body } = await getPage(sandbox.app, sandbox.token(), 'support-bot', { limit: '100' });
    expect(status).toBe(200);
    expect(body.data.sources.every((source) => source.status === 'ok')).toBe(true);
    expect(await metrics()).not.toMatch(/^gateway_vendor_drift_total\{/m);
  });

  it('a drifted vendor body is counted in /metrics and never fails the read', async () => {
    const [name, simulator] = [...sandbox.world.simulators].find(([, candidate]) => candidate.vendor === 'elevenlabs')!;
    simulator.faults.inject({
      kind: 'transform',
      transform: (body) => {
        const page = body as { conversations: Record<string, unknown>[] };
        for (const conversation of page.conversations) conversation.message_count = 'many';
        return page;
      },
    });
    const { status, body } = await getPage(sandbox.app, sandbox.token(), 'support-bot', { limit: '5', sources: name });
    expect(status).toBe(200);
    expect(body.data.sources).toEqual([expect.objectContaining({ source: name, status: 'ok' })]);
    expect(await metrics()).toMatch(new RegExp(`^gateway_vendor_drift_total\\{connection="${name}",path="conversations\\[\\]\\.message_count"\\} [1-9]`, 'm'));
  });
});
