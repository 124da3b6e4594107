import fc from 'fast-check';
import { KINDS, MAX_PAGE_SIZE, MAX_VENDORS } from './memory-pool.js';

/**
 * Random memory vendors for the property tests of the merge: few distinct times, so ties
 * inside and across vendors are the rule, some nulls, every pagination and order kind.
 */

export const recordArbitrary = fc.record({
  time: fc.option(fc.integer({ min: 0, max: 8 }), { freq: 6 }),
  lagSteps: fc.integer({ min: 0, max: 3 }),
  tie: fc.integer({ min: 0, max: 1_000 }),
  unmappable: fc.integer({ min: 0, max: 14 }).map((roll) => roll === 0),
});

export const vendorArbitrary = (options: { faults: boolean }) =>
  fc.record({
    kind: fc.constantFrom(...KINDS),
    pageSize: fc.integer({ min: 1, max: MAX_PAGE_SIZE }),
    records: fc.array(recordArbitrary, { maxLength: 30 }),
    failing: options.faults ? fc.integer({ min: 0, max: 7 }).map((roll) => roll === 0) : fc.constant(false),
    loopsBack: options.faults ? fc.boolean() : fc.constant(false),
  });

/** since/until on the minute grid of the records, so bounds fall on rows, between rows and across pages. */
export const timeFilterArbitrary = fc
  .record({ since: fc.integer({ min: 0, max: 9 }), until: fc.integer({ min: 1, max: 10 }) }, { requiredKeys: [] })
  .filter((filter) => filter.since === undefined || filter.until === undefined || filter.since < filter.until);

export type TimeFilter = { since?: number; until?: number };

/** A walk with faults: one to four vendors (some failing, some looping), a page limit and a time filter. */
export const faultyWalkArbitraries = [
  fc.array(vendorArbitrary({ faults: true }), { minLength: 1, maxLength: MAX_VENDORS }),
  fc.integer({ min: 1, max: 8 }),
  timeFilterArbitrary,
] as const;
