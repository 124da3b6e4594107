import { expect, it } from 'vitest';
import { describeEachAdapter } from '../support/conformance/each-adapter.js';
import { checkTolerance } from '../support/conformance/tolerance-check.js';

describeEachAdapter('tolerant mapping', (vendor) => {
  it('unknown enum values, extra fields and missing fields never break the mapper', () => {
    expect(checkTolerance(vendor())).toEqual([]);
  });
});
