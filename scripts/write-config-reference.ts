import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { adapterModules } from '../adapters/index.js';
import { configReference } from '../src/tools/config-reference.js';

/** npm run docs:config: writes docs/configuration.md from the config schema and the adapters' binding schemas. */
const file = join(import.meta.dirname, '..', 'docs', 'configuration.md');
writeFileSync(file, configReference(adapterModules));
process.stdout.write(`wrote ${file}\n`);
