import { join } from 'node:path';
import { expect, it } from 'vitest';
import { checkSimulatorUnits } from '../support/conformance/units-check.js';
import { describeEachAdapter } from '../support/conformance/each-adapter.js';
import { checkCompleteness, checkCostDigits, checkRows, checkTimesBeforeNow } from '../support/conformance/rows-check.js';

const root = join(import.meta.dirname, '..', '..');

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

  it('times and durations agree with the records read in the units the vendor spec documents', () => {
    expect(checkSimulatorUnits(vendor(), root)).toEqual([]);
  });
});
