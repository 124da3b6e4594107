import fc from 'fast-check';
import { expect } from 'vitest';
import { expectedIds } from './expected-memory-rows.js';
import { BASE, MINUTE } from './memory-pool.js';
import type { MemoryVendor } from './memory-vendors.js';
import type { TimeFilter } from './vendor-arbitraries.js';

/**
 * Changes to memory vendors between the requests of a walk: rows inserted, deleted and
 * touched (moved to the top), at a point of the walk given as a fraction of its length.
 */
export const changeArbitrary = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  vendor: fc.nat(),
  action: fc.constantFrom('insert', 'touch', 'delete'),
  count: fc.integer({ min: 1, max: 4 }),
  pick: fc.nat(),
});

export type Change = typeof changeArbitrary extends fc.Arbitrary<infer T> ? T : never;

/** Inserts, deletes and touches (moves to the top) records; remembers the ids it changed. */
export function changingWorld(vendors: MemoryVendor[]) {
  const changed = new Set<string>();
  let newest = BASE + 20 * MINUTE;
  let fresh = 0;
  return {
    changed,
    apply(change: Change): void {
      const vendor = vendors[change.vendor % vendors.length]!;
      for (let count = 0; count < change.count; count += 1) {
        newest += MINUTE;
        if (change.action === 'insert' || vendor.records.length === 0) {
          fresh += 1;
          vendor.records.push({ id: `new${fresh}`, n: newest, t: newest, tie: fresh });
        } else if (change.action === 'delete') {
          const [record] = vendor.records.splice((change.pick + count) % vendor.records.length, 1);
          changed.add(`${vendor.name}:${record!.id}`);
        } else {
          const record = vendor.records[(change.pick + count) % vendor.records.length]!;
          record.n = newest;
          record.t = newest;
          changed.add(`${vendor.name}:${record.id}`);
        }
      }
    },
  };
}

/** The changes due before request `request` of a walk `requests` long: spread over its real length, never before the first. */
export function changesDueAt(changes: readonly Change[], request: number, requests: number): Change[] {
  return changes.filter((change) => 1 + Math.floor(change.at * (requests - 1)) === request);
}

/** Every row that stood still (not new, not changed) arrives once, in the oracle's order, among the rest. */
export function expectStoodStill(ids: string[], vendors: MemoryVendor[], filter: TimeFilter, changed: ReadonlySet<string>): void {
  expect(new Set(ids).size, 'no row twice').toBe(ids.length);
  const stoodStill = expectedIds(vendors, filter, (vendor, id) => !id.startsWith('new') && !changed.has(`${vendor.name}:${id}`));
  const stoodStillSet = new Set(stoodStill);
  expect(ids.filter((id) => stoodStillSet.has(id))).toEqual(stoodStill);
}
