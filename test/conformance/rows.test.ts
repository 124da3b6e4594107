import { expect, it } from 'vitest';
import { describeEachAdapter } from '../support/conformance/each-adapter.js';
import { checkCompleteness, checkCostDigits, checkRows, checkTimesBeforeNow } from '../support/conformance/rows-check.js';

describeEachAdapter('rows', (vendor) => {
  it('every record the simulator serves maps onto a valid row', () => {
    expect(checkRows(vendor())).toEqual([]);
  });

  it('costs carry the vendor\'s precision, not binary noise', () => {
    expect(checkCostDigits(vendor())).toEqual([]);
  });

  it('reading every page returns each visible record once', () => {
    expect(checkCompleteness(vendor())).toEqual([]);
  });

  it('no simulated conversation starts, ends or is active after the simulator\'s now', () => {
    expect(checkTimesBeforeNow(vendor())).toEqual([]);
  });
});
