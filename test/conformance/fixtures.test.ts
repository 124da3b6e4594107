import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adapterModules } from '../../adapters/index.js';
import { checkFixtures } from '../support/conformance/fixtures-check.js';

const root = join(import.meta.dirname, '..', '..');

describe.each(adapterModules.map((module) => [module.adapter.vendor, module] as const))('%s: fixtures', (_vendor, module) => {
  it('has recorded exchanges that replay clean', async () => {
    expect(await checkFixtures(module, root)).toEqual([]);
  });
});
