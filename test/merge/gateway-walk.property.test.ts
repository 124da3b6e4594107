import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { msToIso } from '../../src/contract/index.js';
import { MEMORY_AGENT, startMemoryApp, type MemoryApp } from '../support/memory-app.js';
import { expectExactPaging } from '../support/exact-paging.js';
import { expectedIds } from '../support/expected-memory-rows.js';
import { BASE, MAX_VENDORS, memoryPool, MINUTE, vendorsFor, type VendorSpec } from '../support/memory-pool.js';
import type { MemoryVendor } from '../support/memory-vendors.js';
import { faultyWalkArbitraries, timeFilterArbitrary, vendorArbitrary } from '../support/vendor-arbitraries.js';
import { changeArbitrary, changesDueAt, changingWorld, expectStoodStill } from '../support/vendor-changes.js';
import { getPage, walkAll, type Walk } from '../support/walk.js';

/**
 * The whole gateway over in-memory vendors, judged by the test oracles: filters that
 * span several vendor pages, unmappable records, failing sources, vendor cursors that
 * loop back, and rows changed mid-walk at any point of the walk's real length.
 */

let memory: MemoryApp;
const pool = memoryPool();

beforeAll(async () => {
  memory = await startMemoryApp(pool);
});
afterAll(async () => {
  await memory.close();
});

function queryOf(vendors: MemoryVendor[], limit: number, filter: { since?: number; until?: number }): Record<string, string> {
  const query: Record<string, string> = { limit: String(limit), sources: vendors.map((vendor) => vendor.name).join(',') };
  if (filter.since !== undefined) query.since = msToIso(BASE + filter.since * MINUTE)!;
  if (filter.until !== undefined) query.until = msToIso(BASE + filter.until * MINUTE)!;
  return query;
}

function reportsOf(walk: Walk, vendor: MemoryVendor) {
  return walk.pages.map((page) => page.sources.find((source) => source.source === vendor.name)!);
}

describe('gateway walk over memory vendors (property)', () => {
  it('equals the oracle with time filters, unmappable records, failing sources and looping cursors, with exact hasMore', async () => {
    await fc.assert(
      fc.asyncProperty(
        ...faultyWalkArbitraries,
        async (specs: VendorSpec[], limit, filter) => {
          const vendors = vendorsFor(pool, specs);
          const query = queryOf(vendors, limit, filter);
          if (vendors.every((vendor) => vendor.failing)) {
            const { status, body } = await getPage(memory.app, memory.token, MEMORY_AGENT, query);
            expect(status).toBe(502);
            expect(body.error).toBe('ALL_SOURCES_FAILED');
            return;
          }
          const walk = await walkAll(memory.app, memory.token, MEMORY_AGENT, query);
          expect(walk.rows.map((row) => row.id)).toEqual(expectedIds(vendors, filter));
          expectExactPaging(walk.pages.map((page) => ({ rows: page.rows, hasMore: page.pagination.hasMore })), limit);
          for (const vendor of vendors) {
            const reports = reportsOf(walk, vendor);
            if (vendor.failing) {
              for (const report of reports) expect(report.status, vendor.name).not.toMatch(/^(ok|skipped)$/);
              expect(walk.pages.every((page) => page.partial)).toBe(true);
              continue;
            }
            const read = new Set(vendor.loopsBack ? vendor.ordered().slice(0, 3 * vendor.pageSize) : vendor.records);
            if (!reports.some((report) => report.skipped > 0)) continue;
            // A skipped count is only ever reported for records that really are unmappable.
            expect([...read].some((record) => record.unmappable), vendor.name).toBe(true);
            expect(reports.find((report) => report.skipped > 0)!.error?.message).toMatch(/could not be mapped/);
          }
        },
      ),
      { numRuns: 200 },
    );
  }, 240_000);

  it('reports every unmappable record and every looping cursor it reads', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 4, max: 20 }), fc.integer({ min: 1, max: 6 }), async (pageSize, count, limit) => {
        const spec: VendorSpec = {
          kind: 'cursor-lag',
          pageSize,
          // Newest first, so the unmappable second record lies on the pages read before the loop.
          records: Array.from({ length: count }, (_, index) => ({ time: 100 - index, lagSteps: 0, tie: index, unmappable: index === 1 })),
          failing: false,
          loopsBack: true,
        };
        const [vendor] = vendorsFor(pool, [spec]);
        const walk = await walkAll(memory.app, memory.token, MEMORY_AGENT, queryOf([vendor!], limit, {}));
        expect(walk.rows.map((row) => row.id)).toEqual(expectedIds([vendor!], {}));
        const reports = reportsOf(walk, vendor!);
        // A page read again on the next request counts its unmappable record again.
        expect(reports.reduce((sum, report) => sum + report.skipped, 0)).toBeGreaterThanOrEqual(1);
        // The third page (cursor B) hands out A again only when a fourth page exists.
        const loops = count > 3 * pageSize;
        expect(reports.some((report) => /repeated a page/.test(report.error?.message ?? '')), `loops: ${loops}`).toBe(loops);
        if (loops) expect(walk.pages.some((page) => page.partial)).toBe(true);
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('keeps every row that stood still, once and in order, under changes placed along the walk it really makes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(vendorArbitrary({ faults: false }), { minLength: 1, maxLength: MAX_VENDORS }),
        fc.integer({ min: 1, max: 6 }),
        timeFilterArbitrary,
        fc.array(changeArbitrary, { minLength: 1, maxLength: 6 }),
        async (specs: VendorSpec[], limit, filter, changes) => {
          let vendors = vendorsFor(pool, specs);
          const query = queryOf(vendors, limit, filter);
          const still = await walkAll(memory.app, memory.token, MEMORY_AGENT, query);
          fc.pre(still.pages.length > 1);
          vendors = vendorsFor(pool, specs);
          const world = changingWorld(vendors);
          const walk = await walkAll(memory.app, memory.token, MEMORY_AGENT, query, async (page) => {
            await memory.settle();
            // Changes land between pages 1 and the last, spread over the walk's real length.
            for (const change of changesDueAt(changes, page, still.pages.length)) world.apply(change);
          });
          for (const page of walk.pages) {
            for (const report of page.sources) expect(['ok', 'skipped'], `${report.source}: ${JSON.stringify(report.error)}`).toContain(report.status);
          }
          expectStoodStill(walk.rows.map((row) => row.id), vendors, filter, world.changed);
        },
      ),
      { numRuns: 120 },
    );
  }, 240_000);
});
