import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adapterModules } from '../../adapters/index.js';
import { isDetailRead, transcriptSupport } from '../../src/contract/index.js';
import { checkDetailOnSimulator } from '../support/conformance/detail-check.js';

const root = join(import.meta.dirname, '..', '..');

describe.each(adapterModules.map((module) => [module.adapter.vendor, module] as const))('%s: conversation detail', (_vendor, module) => {
  const detail = module.adapter.detail;
  it.runIf(isDetailRead(detail))('reads every listed conversation back from the simulator as the list and the vendor spec say', async () => {
    expect(await checkDetailOnSimulator(module, detail as never, root)).toEqual([]);
  });

  it.runIf(detail !== undefined && !isDetailRead(detail))('says why it has no detail read', () => {
    const support = transcriptSupport(detail);
    expect(support.supported).toBe(false);
  });
});
