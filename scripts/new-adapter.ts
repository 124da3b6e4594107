import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { scaffoldAdapter } from '../src/tools/scaffold-adapter.js';

/**
 * npm run new-adapter -- NAME [--out DIR]
 *
 * Writes adapters/NAME/ (the fixed files), specs/NAME.openapi.json and fixtures/NAME/,
 * every part a placeholder the conformance suite refuses until it is filled in. It does
 * not register the adapter: it prints the lines to add to adapters/index.ts.
 */
const repository = join(import.meta.dirname, '..');

try {
  const { values, positionals } = parseArgs({ options: { out: { type: 'string', default: repository } }, allowPositionals: true });
  if (positionals.length !== 1) throw new Error('usage: npm run new-adapter -- NAME [--out DIR]');
  const result = scaffoldAdapter(positionals[0]!, values.out, join(repository, 'src', 'contract', 'index.ts'));
  process.stdout.write(
    [
      `wrote ${result.files.length} files:`,
      ...result.files.map((file) => `  ${file}`),
      '',
      'Register it yourself in adapters/index.ts (the scaffold never does):',
      ...result.registryLines.map((line) => `  ${line}`),
      '',
      'Then follow docs/adding-a-vendor.md until `npx vitest run test/conformance test/contract` passes.',
      '',
    ].join('\n'),
  );
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
