import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adapterModules } from '../../adapters/index.js';
import { isDetailRead } from '../../src/contract/index.js';
import { VendorSpec } from '../../src/specs/vendor-spec.js';
import { readFixtures } from '../../src/tools/fixture-file.js';
import { readDetailFixtures } from '../support/detail-fixture.js';
import { replayDetailFixture } from '../support/replay-detail-fixture.js';
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

/** Every detail fixture (`fixtures/<vendor>/detail/`), offline, through the adapter's detail read and the real vendor client. */
describe.each(adapterModules.map((module) => [module.adapter.vendor, module] as const))('%s detail fixtures replay', (vendor, module) => {
  const spec = VendorSpec.load(join(root, 'specs'), vendor);
  const fixtures = readDetailFixtures(root, vendor);

  it(isDetailRead(module.adapter.detail) ? 'has a recorded detail read and a recorded 404' : 'has none: the adapter has no detail read', () => {
    const statuses = fixtures.flatMap((fixture) => fixture.exchanges.map((exchange) => exchange.response.status));
    expect({ ok: statuses.some((status) => status < 300), notFound: statuses.includes(404) }).toEqual(
      isDetailRead(module.adapter.detail) ? { ok: true, notFound: true } : { ok: false, notFound: false },
    );
  });

  it.each(fixtures.map((fixture) => [fixture.case, fixture] as const))('%s', async (_case, fixture) => {
    expect(await replayDetailFixture(module, fixture, spec)).toEqual([]);
  });
});
