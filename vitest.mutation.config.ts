import { readFileSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * Stryker stops a mutant's run at the first failing test, so the tests that fail fastest
 * go first: unit tests, then the property tests of the engine alone, then the tests that
 * start the whole gateway over memory vendors (slower per walk, and where a mutant that
 * makes a walk spin runs into its timeout).
 */
class FastFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cost = (file: TestSpecification) => {
      const text = readFileSync(file.moduleId, 'utf8');
      return (text.includes('startMemoryApp') ? 2 : 0) + (file.moduleId.endsWith('.property.test.ts') ? 1 : 0);
    };
    const costs = new Map(files.map((file) => [file, cost(file)]));
    return [...files].sort((a, b) => costs.get(a)! - costs.get(b)! || a.moduleId.localeCompare(b.moduleId));
  }
}

/**
 * The tests Stryker runs against each mutant of the core (src/merge, src/cursor,
 * src/filters): the unit tests of the cursor, filters, stop rules, row key, page reads,
 * mapped pages, source walks and merge, the property tests of the engine alone, and the
 * in-process tests that walk the whole gateway over memory vendors. The end-to-end tests
 * against the simulators judge the same code but start HTTP servers per file: per mutant
 * they would take the run from minutes to hours.
 */
export default defineConfig({
  test: {
    include: ['test/cursor/**/*.test.ts', 'test/filters/**/*.test.ts', 'test/merge/**/*.test.ts', 'test/conformance/stop-rules.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 60_000,
    sequence: { sequencer: FastFirst },
  },
});
