import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StallProbe } from '../../src/contract/index.js';
import { startSandboxApp, TEST_NOW, type SandboxApp } from '../support/sandbox-app.js';
import { walkStalled } from '../support/monitor-walk.js';

let sandbox: SandboxApp;

beforeAll(async () => {
  sandbox = await startSandboxApp({ now: () => TEST_NOW });
});
afterAll(async () => {
  await sandbox.close();
});

function probesOf(connection: string): StallProbe[] {
  const binding = sandbox.world.bindings.get('support-bot')!.find((candidate) => candidate.connection === connection)!;
  return sandbox.world.simulators.get(connection)!.stallProbes!(binding);
}

async function rowsOf(connection: string, query: Record<string, string>) {
  const walk = await walkStalled(sandbox.app, sandbox.token(), { agentId: 'support-bot', limit: '100', ...query });
  return new Map(walk.rows.filter((row) => row.source === connection).map((row) => [row.conversationId, row]));
}

const minutesWaited = (probe: StallProbe) => Math.floor((TEST_NOW - probe.latestInboundAt) / 60_000);

describe.each([
  { connection: 'convocore-eu', categories: ['ai_stuck', 'agent_abandoned'] },
  { connection: 'chatdash', categories: ['agent_abandoned'] },
  { connection: 'elevenlabs', categories: ['ai_stuck'] },
  { connection: 'tether', categories: ['ai_stuck', 'agent_abandoned'] },
])('$connection: planted stalls around the 30-minute threshold', ({ connection, categories }) => {
  it('plants probes of every category the vendor can tell, at 29, 30 and 31 minutes', () => {
    const probes = probesOf(connection);
    expect(new Set(probes.map((probe) => probe.category))).toEqual(new Set(categories));
    expect(new Set(probes.map(minutesWaited))).toEqual(new Set([29, 30, 31]));
  });

  it('reports a probe that waited 30 or 31 minutes and not one that waited 29', async () => {
    const rows = await rowsOf(connection, {});
    for (const probe of probesOf(connection)) {
      const row = rows.get(probe.conversationId);
      if (minutesWaited(probe) < 30) {
        expect(row, `${probe.conversationId} waited ${minutesWaited(probe)} min`).toBeUndefined();
        continue;
      }
      expect(row, `${probe.conversationId} waited ${minutesWaited(probe)} min`).toBeDefined();
      expect(row!.category).toBe(probe.category);
      expect(row!.waitingMinutes).toBe(minutesWaited(probe));
      expect(Date.parse(row!.latestInboundAt!)).toBe(probe.latestInboundAt);
      expect(row!.id).toBe(`${connection}:${probe.conversationId}`);
    }
  });

  it('moves the edge with thresholdMinutes, and skipThreshold reports every probe', async () => {
    const at31 = await rowsOf(connection, { thresholdMinutes: '31' });
    const skipped = await rowsOf(connection, { thresholdMinutes: '600', skipThreshold: 'true' });
    for (const probe of probesOf(connection)) {
      expect(at31.has(probe.conversationId)).toBe(minutesWaited(probe) >= 31);
      expect(skipped.get(probe.conversationId)?.category).toBe(probe.category);
    }
  });

  it('reports one category at a time when asked', async () => {
    for (const category of categories) {
      const rows = await rowsOf(connection, { category, skipThreshold: 'true' });
      expect([...rows.values()].every((row) => row.category === category)).toBe(true);
      const expected = probesOf(connection).filter((probe) => probe.category === category);
      for (const probe of expected) expect(rows.has(probe.conversationId)).toBe(true);
    }
  });
});

describe('what a vendor cannot tell is said, not guessed', () => {
  it('ElevenLabs is skipped with MONITOR_UNSUPPORTED for agent_abandoned alone; ChatDash for ai_stuck alone', async () => {
    const walk = await walkStalled(sandbox.app, sandbox.token(), { agentId: 'support-bot', category: 'agent_abandoned' });
    const elevenlabs = walk.pages[0]!.sources.find((source) => source.source === 'elevenlabs')!;
    expect(elevenlabs).toMatchObject({ status: 'skipped', requests: 0, monitored: [], unsupported: ['agent_abandoned'] });
    expect(elevenlabs.error?.code).toBe('MONITOR_UNSUPPORTED');
    expect(walk.pages[0]!.partial).toBe(false);
    expect(walk.rows.some((row) => row.vendor === 'elevenlabs')).toBe(false);

    const aiOnly = await walkStalled(sandbox.app, sandbox.token(), { agentId: 'support-bot', category: 'ai_stuck' });
    const chatdash = aiOnly.pages[0]!.sources.find((source) => source.source === 'chatdash')!;
    expect(chatdash).toMatchObject({ status: 'skipped', unsupported: ['ai_stuck'], error: { code: 'MONITOR_UNSUPPORTED' } });
  });

  it('with both categories, each source lists what it can and cannot tell, and its signals', async () => {
    const walk = await walkStalled(sandbox.app, sandbox.token(), { agentId: 'support-bot' });
    const sources = new Map(walk.pages[0]!.sources.map((source) => [source.source, source]));
    expect(sources.get('chatdash')).toMatchObject({ status: 'ok', monitored: ['agent_abandoned'], unsupported: ['ai_stuck'] });
    expect(sources.get('elevenlabs')).toMatchObject({ status: 'ok', monitored: ['ai_stuck'], unsupported: ['agent_abandoned'] });
    expect(sources.get('convocore-eu')).toMatchObject({ status: 'ok', unsupported: [] });
    expect(sources.get('tether')!.vendorReport).toMatchObject({ thresholdMinutes: 30, snapshotMissing: false });
    for (const source of sources.values()) expect(source.signals.length).toBeGreaterThan(20);
    expect(walk.pages[0]!.partial).toBe(false);
  });
});
