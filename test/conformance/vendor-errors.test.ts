import { expect, it } from 'vitest';
import { describeEachAdapter } from '../support/conformance/each-adapter.js';
import { checkVendorErrors } from '../support/conformance/vendor-errors-check.js';

describeEachAdapter('vendor errors', (vendor) => {
  it('401, 403, 404, 422, 429 and 5xx map to the right source error codes', async () => {
    expect(await checkVendorErrors(vendor())).toEqual([]);
  });
});
