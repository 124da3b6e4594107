import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/** Tests that start the whole gateway (routes, auth, vendor client) over memory vendors. */
const startsTheGateway = (file: string) => readFileSync(file, 'utf8').includes('startMemoryApp');

/**
 * Stryker stops a mutant's run at the first failing test, so the tests that fail fastest
 * go first: unit tests, then the property tests of the engine alone.
 */
class FastFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cost = (file: TestSpecification) => (file.moduleId.endsWith('.property.test.ts') ? 1 : 0);
    return [...files].sort((a, b) => cost(a) - cost(b) || a.moduleId.localeCompare(b.moduleId));
  }
}

const CORE_TESTS = ['test/cursor', 'test/filters', 'test/merge', 'test/paging'];

/**
 * The tests Stryker runs against each mutant of the core (src/merge, src/paging, src/cursor,
 * src/filters): the unit tests of the cursor, filters, stop rules, row key, page reads,
 * mapped pages, source walks and merge, and the property tests of the engine alone. Left
 * out: the tests that start the whole gateway over memory vendors (the gateway walk
 * property tests, drift, page shift, read skipping, the vendor call cap, vendor order,
 * cursor size) and the end-to-end tests against the simulators. They judge the same code
 * through the routes, but cost seconds per mutant that survives the tests above, and in a
 * full run they detected no mutant those tests miss (docs/testing.md, "Scores").
 */
export default defineConfig({
  test: {
    include: [
      ...CORE_TESTS.flatMap((directory) =>
        readdirSync(directory, { recursive: true, encoding: 'utf8' })
          .filter((name) => name.endsWith('.test.ts'))
          .map((name) => join(directory, name))
          .filter((file) => !startsTheGateway(file)),
      ),
      'test/conformance/stop-rules.test.ts',
    ],
    testTimeout: 240_000,
    hookTimeout: 60_000,
    sequence: { sequencer: FastFirst },
  },
});
