import { join } from 'node:path';
import type { AdapterModule } from '../../../src/contract/index.js';
import { VendorSpec } from '../../../src/specs/vendor-spec.js';
import { readFixtures } from '../../../src/tools/fixture-file.js';
import { replayFixture } from '../replay-fixture.js';

/**
 * The adapter has recorded fixtures: at least one exchange, at least one 2xx page with
 * rows, and every fixture replays clean.
 */
export async function checkFixtures(module: AdapterModule, root: string): Promise<string[]> {
  const vendor = module.adapter.vendor;
  const fixtures = readFixtures(root, vendor);
  const exchanges = fixtures.flatMap(({ fixture }) => fixture.exchanges);
  const problems: string[] = [];
  if (fixtures.length === 0) problems.push(`no fixtures in fixtures/${vendor}/`);
  if (exchanges.length === 0) problems.push(`fixtures/${vendor}/ holds no recorded exchange (npm run record)`);
  if (!fixtures.some(({ fixture }) => fixture.expectedRows.length > 0)) problems.push(`no fixture of ${vendor} maps to any row`);
  let spec: VendorSpec;
  try {
    spec = VendorSpec.load(join(root, 'specs'), vendor);
  } catch (error) {
    return [...problems, (error as Error).message];
  }
  for (const { fixture } of fixtures) problems.push(...(await replayFixture(module, fixture, spec)).problems);
  return problems;
}
