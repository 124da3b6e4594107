import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterModules } from '../../adapters/index.js';
import { duplicates, walkAll } from '../support/walk.js';
import { expectedRows } from '../support/expected-rows.js';
import { startSandboxApp, type SandboxApp } from '../support/sandbox-app.js';

let sandbox: SandboxApp;

beforeAll(async () => {
  sandbox = await startSandboxApp();
});
afterAll(async () => {
  await sandbox.close();
});

describe('a full merged walk equals the sorted union of every vendor', () => {
  for (const limit of [1, 7, 20, 100]) {
    it(`support-bot (every registered vendor) at limit ${limit}`, async () => {
      const expected = expectedRows(sandbox.world, 'support-bot');
      const walk = await walkAll(sandbox.app, sandbox.token(), 'support-bot', { limit: String(limit) });
      const ids = walk.rows.map((row) => row.id);
      expect(duplicates(ids)).toEqual([]);
      expect(ids).toEqual(expected.map((row) => row.id));
      expect(new Set(walk.rows.map((row) => row.vendor))).toEqual(new Set(adapterModules.map((module) => module.adapter.vendor)));
      expect(walk.pages.every((page) => page.rows.length <= limit)).toBe(true);
      expect(walk.pages.slice(0, -1).every((page) => page.rows.length === limit)).toBe(true);
      expect(walk.pages.every((page) => !page.partial)).toBe(true);
    }, 120_000);
  }

  it('rows carry exactly what the adapters map', async () => {
    const expected = expectedRows(sandbox.world, 'support-bot');
    const walk = await walkAll(sandbox.app, sandbox.token(), 'support-bot', { limit: '100' });
    // ElevenLabs list items carry a summary only when asked for (summary_mode=include).
    const withoutSummary = ({ summary: _summary, raw: _raw, ...row }: (typeof expected)[number]) => row;
    expect(walk.rows.map(withoutSummary)).toEqual(expected.map(withoutSummary));
    expect(walk.rows.filter((row) => row.vendor === 'elevenlabs').every((row) => row.summary === null)).toBe(true);
  });

  it('include=summary asks ElevenLabs for its summaries', async () => {
    const walk = await walkAll(sandbox.app, sandbox.token(), 'support-bot', { limit: '100', include: 'summary' });
    expect(walk.rows.filter((row) => row.vendor === 'elevenlabs' && row.summary !== null).length).toBeGreaterThan(20);
  });

  it('the data really has ties and null timestamps, inside and across vendors', () => {
    const expected = expectedRows(sandbox.world, 'support-bot');
    const byTime = new Map<string, Set<string>>();
    for (const row of expected) {
      if (row.lastActivityAt === null) continue;
      const vendors = byTime.get(row.lastActivityAt) ?? new Set();
      vendors.add(row.vendor);
      byTime.set(row.lastActivityAt, vendors);
    }
    const tiedTimes = [...byTime.values()];
    expect(expected.length).toBeGreaterThanOrEqual(400);
    expect(tiedTimes.filter((vendors) => vendors.size > 1).length).toBeGreaterThan(3);
    expect(expected.filter((row) => row.lastActivityAt === null).length).toBeGreaterThan(0);
  });

  it('walks the two-vendor agents too', async () => {
    for (const [agentId, claims] of [['sales-bot', {}], ['globex-helpdesk', { org: 'globex' }]] as const) {
      const walk = await walkAll(sandbox.app, sandbox.token(claims), agentId, { limit: '13' });
      expect(walk.rows.map((row) => row.id)).toEqual(expectedRows(sandbox.world, agentId).map((row) => row.id));
    }
  });

  it('include=raw carries the vendor record; without it there is none', async () => {
    const withRaw = await walkAll(sandbox.app, sandbox.token(), 'sales-bot', { limit: '100', include: 'raw' });
    expect(withRaw.rows.every((row) => typeof row.raw === 'object' && row.raw !== null)).toBe(true);
    const without = await walkAll(sandbox.app, sandbox.token(), 'sales-bot', { limit: '100' });
    expect(without.rows.every((row) => !('raw' in row))).toBe(true);
  });
});

describe('vendor requests of a full walk (cache off: the engine alone)', () => {
  let uncached: SandboxApp;
  beforeAll(async () => {
    uncached = await startSandboxApp({
      adjust: (config) => {
        for (const connection of Object.values(config.connections)) connection.cacheTtlMs = 0;
      },
    });
  });
  afterAll(async () => {
    await uncached.close();
  });

  /**
   * A stateless walk needs at least one vendor request per page and, per source, one per
   * vendor page of its rows; a page can only need the sources that contribute to it
   * (at most min(sources, limit + 1) of them). Re-reading from page 1 would be O(N²).
   */
  for (const limit of [1, 20, 100]) {
    it(`stay linear in the pages walked at limit ${limit}`, async () => {
      const agent = 'support-bot';
      const expected = expectedRows(uncached.world, agent);
      const simulatorsBefore = new Map([...uncached.world.simulators].map(([name, simulator]) => [name, simulator.requests.length]));
      const walk = await walkAll(uncached.app, uncached.token(), agent, { limit: String(limit) });
      const pages = walk.pages.length;
      const sources = Object.keys(walk.requests).length;
      const vendorPages = [...new Set(expected.map((row) => row.source))]
        .map((source) => Math.ceil(expected.filter((row) => row.source === source).length / 100))
        .reduce((sum, count) => sum + count, 0);
      const total = Object.values(walk.requests).reduce((sum, count) => sum + count, 0);
      expect(total).toBeGreaterThanOrEqual(Math.max(pages, vendorPages));
      expect(total).toBeLessThanOrEqual(pages * Math.min(sources, limit + 1) + vendorPages + 8);
      // One row a page: only the source that holds it is read, plus the odd bound to pass.
      if (limit === 1) expect(total).toBeLessThanOrEqual(Math.ceil(pages * 1.5));
      for (const [name, simulator] of uncached.world.simulators) {
        if (!(name in walk.requests)) continue;
        expect(simulator.requests.length - simulatorsBefore.get(name)!, `${name} reported requests`).toBe(walk.requests[name]);
      }
    }, 120_000);
  }
});
