import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { walkEngine, type EngineWalk } from '../support/engine-walk.js';
import { expectExactPaging } from '../support/exact-paging.js';
import { expectedIds, filterMs } from '../support/expected-memory-rows.js';
import { MAX_VENDORS, memoryPool, vendorsFor, type VendorSpec } from '../support/memory-pool.js';
import type { MemoryVendor } from '../support/memory-vendors.js';
import { faultyWalkArbitraries, timeFilterArbitrary, vendorArbitrary } from '../support/vendor-arbitraries.js';
import { changeArbitrary, changesDueAt, changingWorld, expectStoodStill } from '../support/vendor-changes.js';

/**
 * The merge engine alone (no HTTP, no codec) over random memory vendors, judged by the
 * oracles: fast enough for many walks per mutant of the engine. The same promises as the
 * gateway walk: the oracle's rows, exact `hasMore`, no trailing empty page, failures and
 * repeats reported where they happen, rows that stood still kept under changes.
 */
const pool = memoryPool();

const reportsOf = (walk: EngineWalk, vendor: MemoryVendor) => walk.pages.map((page) => page.sources.find((source) => source.source === vendor.name)!);

describe('the merge engine over memory vendors (property)', () => {
  it('equals the oracle with time filters, unmappable records, failing sources and looping cursors, with exact hasMore', async () => {
    await fc.assert(
      fc.asyncProperty(
        ...faultyWalkArbitraries,
        async (specs: VendorSpec[], limit, filter) => {
          const vendors = vendorsFor(pool, specs);
          const walk = await walkEngine(vendors, { limit, filters: filterMs(filter) });
          expect(walk.rows.map((row) => row.id)).toEqual(expectedIds(vendors, filter));
          expectExactPaging(walk.pages, limit);
          for (const vendor of vendors) {
            const reports = reportsOf(walk, vendor);
            if (vendor.failing) {
              for (const report of reports) expect(report.failed === 'VENDOR_HTTP_ERROR' || report.reads.length === 0, vendor.name).toBe(true);
              expect(reports[0]!.failed).toBe('VENDOR_HTTP_ERROR');
              continue;
            }
            expect(reports.every((report) => report.failed === undefined), vendor.name).toBe(true);
            const skipped = reports.reduce((sum, report) => sum + report.skipped, 0);
            if (!vendor.records.some((record) => record.unmappable)) expect(skipped, vendor.name).toBe(0);
            const loops = vendor.loopsBack && vendor.records.length > 3 * vendor.pageSize;
            // A loop is seen only where one request reads around it (a filter may end the walk first); never where none is.
            if (reports.some((report) => report.repeated)) expect(loops, vendor.name).toBe(true);
            if (!vendor.loopsBack) expect(reports.every((report) => report.outOfOrder === 0), vendor.name).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps every row that stood still, once and in order, under changes placed along the walk it really makes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(vendorArbitrary({ faults: false }), { minLength: 1, maxLength: MAX_VENDORS }),
        fc.integer({ min: 1, max: 6 }),
        timeFilterArbitrary,
        fc.array(changeArbitrary, { minLength: 1, maxLength: 6 }),
        async (specs: VendorSpec[], limit, filter, changes) => {
          const still = await walkEngine(vendorsFor(pool, specs), { limit, filters: filterMs(filter) });
          fc.pre(still.pages.length > 1);
          const vendors = vendorsFor(pool, specs);
          const world = changingWorld(vendors);
          const walk = await walkEngine(vendors, {
            limit,
            filters: filterMs(filter),
            // Changes land between the first request and the last, spread over the walk's real length.
            between: (request) => {
              for (const change of changesDueAt(changes, request, still.pages.length)) world.apply(change);
            },
          });
          expectStoodStill(walk.rows.map((row) => row.id), vendors, filter, world.changed);
        },
      ),
      { numRuns: 200 },
    );
  });
});
