import { expect, it } from 'vitest';
import { describeEachAdapter } from '../support/conformance/each-adapter.js';
import { checkTimeWindows } from '../support/conformance/time-window-check.js';

describeEachAdapter('time filters', (vendor) => {
  it(`since / until through the gateway return exactly the simulator's rows in the window`, async () => {
    expect(await checkTimeWindows(vendor())).toEqual([]);
  });
});
