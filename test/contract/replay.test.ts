import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adapterModules } from '../../adapters/index.js';
import { VendorSpec } from '../../src/specs/vendor-spec.js';
import { readFixtures } from '../../src/tools/fixture-file.js';
import { replayFixture } from '../support/replay-fixture.js';

const root = join(import.meta.dirname, '..', '..');

/** Every fixture of every registered adapter, offline, through the adapter and the real vendor client. */
describe.each(adapterModules.map((module) => [module.adapter.vendor, module] as const))('%s fixtures replay', (vendor, module) => {
  const spec = VendorSpec.load(join(root, 'specs'), vendor);
  const fixtures = readFixtures(root, vendor);

  it('has fixtures with at least one recorded exchange', () => {
    expect(fixtures.flatMap(({ fixture }) => fixture.exchanges).length).toBeGreaterThan(0);
  });

  it.each(fixtures.map(({ fixture }) => [fixture.case, fixture] as const))('%s', async (_case, fixture) => {
    const outcome = await replayFixture(module, fixture, spec);
    expect(outcome.problems).toEqual([]);
  });
});
