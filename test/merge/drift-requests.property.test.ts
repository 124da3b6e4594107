import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMORY_AGENT, startMemoryApp, type MemoryApp } from '../support/memory-app.js';
import { MemoryVendor, type MemoryKind, type MemoryRecord } from '../support/memory-vendors.js';
import { walkAll, type Walk } from '../support/walk.js';

/**
 * What rows moving under a page-numbered walk may cost: a resumed page whose rows shifted
 * by `shift` places steps back (or on) about one vendor page per page of shift, never back
 * to page 1. The walks go deep enough that a restart from page 1 costs more than the bound.
 */

const KINDS: MemoryKind[] = ['page', 'page-short-ends', 'page-with-totals', 'offset-short-ends', 'offset-with-totals'];
const SIZES = [2, 3, 4];
const vendors = KINDS.flatMap((kind) => SIZES.map((size) => new MemoryVendor(`${kind}-${size}`, kind, size, 0, [])));
let memory: MemoryApp;

beforeAll(async () => {
  memory = await startMemoryApp(vendors);
});
afterAll(async () => {
  await memory.close();
});

const RECORDS = 32;
/** Distinct times, newest first: the vendor order is the gateway order. */
const records = (): MemoryRecord[] => Array.from({ length: RECORDS }, (_, index) => ({ id: `r${String(index).padStart(2, '0')}`, n: 10_000 - index, t: 10_000 - index, tie: index }));

function requestsPerPage(walk: Walk, vendor: MemoryVendor): number[] {
  return walk.pages.map((page) => page.sources.find((source) => source.source === vendor.name)!.requests);
}

describe('vendor requests under drift (property)', () => {
  it('cost at most one extra vendor page per page of shift over the unchanged walk', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...vendors),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom('delete', 'insert'),
        fc.integer({ min: 0, max: 100 }),
        async (vendor, limit, shift, action, where) => {
          const query = { limit: String(limit), sources: vendor.name };
          vendor.reset(records());
          const still = await walkAll(memory.app, memory.token, MEMORY_AGENT, query);
          // The change lands before a page whose resume point lies deep in the vendor's pages.
          const firstDeep = Math.ceil((6 * vendor.pageSize + 2 * shift) / limit);
          fc.pre(firstDeep < still.pages.length - 1);
          const changedPage = firstDeep + (where % (still.pages.length - 1 - firstDeep));
          vendor.reset(records());
          let inserted = 0;
          const moved = await walkAll(memory.app, memory.token, MEMORY_AGENT, query, async (page) => {
            await memory.settle();
            if (page !== changedPage) return;
            if (action === 'delete') vendor.records.splice(0, shift);
            else for (; inserted < shift; inserted += 1) vendor.records.push({ id: `new${inserted}`, n: 20_000 + inserted, t: 20_000 + inserted, tie: 100 + inserted });
          });
          const before = requestsPerPage(still, vendor)[changedPage]!;
          const after = requestsPerPage(moved, vendor)[changedPage]!;
          const bound = before + Math.ceil(shift / vendor.pageSize) + 1;
          expect(after, `${action} ${shift} before page ${changedPage}: ${after} requests, unchanged ${before}`).toBeLessThanOrEqual(bound);
          // Restarting at page 1 would cost every page up to the resume point: more than the bound.
          const resumePage = Math.floor((changedPage * limit - shift) / vendor.pageSize) + 1;
          expect(resumePage).toBeGreaterThan(bound);
          // The deleted rows had been sent already: every original row arrives once, in order.
          const ids = moved.rows.map((row) => row.id).filter((id) => !id.includes(':new'));
          expect(ids).toEqual(records().map((record) => `${vendor.name}:${record.id}`));
        },
      ),
      { numRuns: 15 },
    );
  }, 240_000);
});
