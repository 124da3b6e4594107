import { join } from 'node:path';
import { expect, it } from 'vitest';
import { checkAuthAgainstSpec } from '../support/conformance/auth-check.js';
import { describeEachAdapter } from '../support/conformance/each-adapter.js';
import { checkSimulatorAgainstSpec } from '../support/conformance/spec-check.js';

const root = join(import.meta.dirname, '..', '..');

describeEachAdapter('vendor spec', (vendor) => {
  it('the simulator answers as the vendor spec says', async () => {
    expect(await checkSimulatorAgainstSpec(vendor(), root)).toEqual([]);
  });

  it("every request carries the credential as the spec's security scheme says", () => {
    expect(checkAuthAgainstSpec(vendor(), root)).toEqual([]);
  });
});
