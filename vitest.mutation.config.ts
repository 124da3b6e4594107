import { defineConfig } from 'vitest/config';

/**
 * The tests Stryker runs against each mutant of the core (src/merge, src/cursor,
 * src/filters): the unit tests of the cursor, filters, stop rules and row key, and the
 * in-process property tests that walk the whole gateway over memory vendors. The
 * end-to-end tests against the simulators judge the same code but start HTTP servers per
 * file: per mutant they would take the run from minutes to hours.
 */
export default defineConfig({
  test: {
    include: ['test/cursor/**/*.test.ts', 'test/filters/**/*.test.ts', 'test/merge/**/*.test.ts', 'test/conformance/stop-rules.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 60_000,
  },
});
