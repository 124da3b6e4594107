import { defineConfig } from 'vitest/config';

/**
 * The tests Stryker runs against each mutant of the core (src/merge, src/cursor,
 * src/filters): the unit, property and end-to-end tests that judge the walk, the cursor
 * and the filters. Adapter, docs and tooling tests never reach a core mutant and only
 * slow the dry run.
 */
export default defineConfig({
  test: {
    include: [
      'test/cursor/**/*.test.ts',
      'test/filters/**/*.test.ts',
      'test/merge/**/*.test.ts',
      'test/e2e/**/*.test.ts',
      'test/faults/**/*.test.ts',
      'test/conformance/stop-rules.test.ts',
      'test/security/cursor-rotation.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
