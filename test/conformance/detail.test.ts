import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adapterModules } from '../../adapters/index.js';
import { isDetailRead, transcriptSupport } from '../../src/contract/index.js';
import { checkDetailOnSimulator } from '../support/conformance/detail-check.js';

const root = join(import.meta.dirname, '..', '..');

describe.each(adapterModules.map((module) => [module.adapter.vendor, module] as const))('%s: conversation detail', (_vendor, module) => {
  const detail = module.adapter.detail;
  // Only an adapter with a detail read has one to check; the one below holds every adapter to saying which it is.
  if (isDetailRead(detail)) {
    it('reads every listed conversation back from the simulator as the list and the vendor spec say', async () => {
      expect(await checkDetailOnSimulator(module, detail, root)).toEqual([]);
    });
  }

  it('declares its detail read, or why it has none, and says so in its README', () => {
    expect(detail, 'declare `detail: { unsupported: reason }` rather than leaving it out').toBeDefined();
    const support = transcriptSupport(detail);
    const readme = readFileSync(join(root, 'adapters', module.adapter.vendor, 'README.md'), 'utf8');
    const section = readme.split('## Conversation detail and transcript')[1]?.split('\n## ')[0] ?? '';
    expect(section, 'a README section "## Conversation detail and transcript"').not.toBe('');
    expect(section.split('\n\n').slice(0, 2).join(' ')).toMatch(support.supported ? /\*\*Supported/ : /unsupported/i);
  });
});
