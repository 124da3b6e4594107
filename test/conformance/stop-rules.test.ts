import { expect, it } from 'vitest';
import { describeEachAdapter } from '../support/conformance/each-adapter.js';
import { checkStopRules } from '../support/conformance/stop-rules-check.js';

describeEachAdapter('pagination stop rules', (vendor, module) => {
  it(`empty, short and repeated pages and the page cap end a ${module.adapter.pagination.kind} walk cleanly`, async () => {
    expect(await checkStopRules(vendor())).toEqual([]);
  });
});
