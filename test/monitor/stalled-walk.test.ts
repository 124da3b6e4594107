import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duplicates } from '../support/walk.js';
import { expectedStalls, type StallQuery } from '../support/expected-stalls.js';
import { startSandboxApp, TEST_NOW, type SandboxApp } from '../support/sandbox-app.js';
import { walkStalled } from '../support/monitor-walk.js';

let sandbox: SandboxApp;
let clock = TEST_NOW;

beforeAll(async () => {
  sandbox = await startSandboxApp({ now: () => clock });
});
afterAll(async () => {
  await sandbox.close();
});

const cases: { name: string; query: Record<string, string>; expected: StallQuery }[] = [
  { name: 'both categories, default threshold', query: {}, expected: {} },
  { name: 'skipThreshold: every candidate', query: { skipThreshold: 'true' }, expected: { skipThreshold: true } },
  { name: 'agent_abandoned over 2 hours', query: { category: 'agent_abandoned', thresholdMinutes: '120' }, expected: { categories: ['agent_abandoned'], thresholdMinutes: 120 } },
  { name: 'ai_stuck, 1 minute', query: { category: 'ai_stuck', thresholdMinutes: '1' }, expected: { categories: ['ai_stuck'], thresholdMinutes: 1 } },
];

describe('a walk over several pages is exact', () => {
  for (const { name, query, expected } of cases) {
    for (const limit of [1, 7, 100]) {
      it(`${name}, limit ${limit}`, async () => {
        const want = await expectedStalls(sandbox.world, ['sales-bot', 'support-bot'], TEST_NOW, expected);
        const walk = await walkStalled(sandbox.app, sandbox.token(), { ...query, limit: String(limit) });
        const ids = walk.rows.map((row) => row.id);
        expect(duplicates(ids)).toEqual([]);
        expect(ids).toEqual(want.map((stall) => stall.id));
        expect(walk.rows.map((row) => [row.agentId, row.category])).toEqual(want.map((stall) => [stall.agentId, stall.category]));
        expect(walk.pages.length).toBe(Math.max(1, Math.ceil(want.length / limit)));
        for (const page of walk.pages) {
          expect(page.totalCount).toBe(want.length);
          expect(page.partial).toBe(false);
          expect(page.rows.length).toBeLessThanOrEqual(limit);
        }
      });
    }
  }

  it('has enough stalls of both categories and every vendor to be a real walk', async () => {
    const want = await expectedStalls(sandbox.world, ['sales-bot', 'support-bot'], TEST_NOW);
    expect(want.length).toBeGreaterThan(40);
    expect(new Set(want.map((stall) => stall.category))).toEqual(new Set(['ai_stuck', 'agent_abandoned']));
    expect(new Set(want.map((stall) => stall.id.split(':')[0]))).toEqual(new Set(['convocore-eu', 'chatdash', 'elevenlabs', 'tether']));
  });

  it('orders longest waiting first, ties by id, with waits judged at generatedAt', async () => {
    const walk = await walkStalled(sandbox.app, sandbox.token(), { limit: '100', skipThreshold: 'true' });
    const keys = walk.rows.map((row) => ({ t: row.latestInboundAt === null ? Infinity : Date.parse(row.latestInboundAt), id: row.id }));
    for (let index = 1; index < keys.length; index += 1) {
      const [before, after] = [keys[index - 1]!, keys[index]!];
      expect(before.t < after.t || (before.t === after.t && before.id < after.id)).toBe(true);
    }
    for (const row of walk.rows) {
      if (row.latestInboundAt === null) expect(row.waitingMinutes).toBeNull();
      else expect(row.waitingMinutes).toBe(Math.floor((TEST_NOW - Date.parse(row.latestInboundAt)) / 60_000));
    }
    expect(walk.pages[0]!.generatedAt).toBe(new Date(TEST_NOW).toISOString());
    // Tether names a few candidates without an inbound time: listed only with skipThreshold, last.
    const unknown = walk.rows.filter((row) => row.latestInboundAt === null);
    expect(unknown.length).toBeGreaterThan(0);
    expect(walk.rows.slice(-unknown.length)).toEqual(unknown);
    const thresholded = await walkStalled(sandbox.app, sandbox.token(), { limit: '100' });
    expect(thresholded.rows.some((row) => row.latestInboundAt === null)).toBe(false);
  });

  it('keeps judging waits at the first page’s clock while time passes mid-walk', async () => {
    const want = await expectedStalls(sandbox.world, ['sales-bot', 'support-bot'], TEST_NOW);
    try {
      const walk = await walkStalled(sandbox.app, sandbox.token(), { limit: '5' }, (index) => {
        clock = TEST_NOW + index * 7 * 60_000;
      });
      expect(walk.rows.map((row) => row.id)).toEqual(want.map((stall) => stall.id));
      expect(new Set(walk.pages.map((page) => page.generatedAt))).toEqual(new Set([new Date(TEST_NOW).toISOString()]));
    } finally {
      clock = TEST_NOW;
    }
  });

  it('one agent, or one department, is the same walk restricted to it', async () => {
    const want = await expectedStalls(sandbox.world, ['sales-bot'], TEST_NOW);
    const byAgent = await walkStalled(sandbox.app, sandbox.token(), { agentId: 'sales-bot', limit: '4' });
    const byDepartment = await walkStalled(sandbox.app, sandbox.token(), { departmentId: 'sales', limit: '4' });
    expect(byAgent.rows.map((row) => row.id)).toEqual(want.map((stall) => stall.id));
    expect(byDepartment.rows.map((row) => row.id)).toEqual(want.map((stall) => stall.id));
    expect(new Set(byDepartment.pages.flatMap((page) => page.sources.map((source) => source.agentId)))).toEqual(new Set(['sales-bot']));
  });
});
