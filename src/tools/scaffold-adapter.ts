import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fixtureStub, simulatorFile, specStub, specTestFile } from './scaffold-stubs.js';
import { adapterFile, indexFile, mapperFile, readmeFile, typesFile, type ScaffoldNames } from './scaffold-templates.js';

export interface ScaffoldResult {
  names: ScaffoldNames;
  /** Paths written, relative to the output root. */
  files: string[];
  /** The lines to add to `adapters/index.ts`: the scaffold never registers itself. */
  registryLines: string[];
}

const VENDOR_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * Writes `adapters/<vendor>/` with the fixed files, `specs/<vendor>.openapi.json`,
 * `fixtures/<vendor>/example.json` and the per-vendor spec test
 * `test/contract/sdk/<vendor>.spec.test.ts` under `root`. `contractFile` is the core's
 * `src/contract/index.ts`, imported by relative path from the new folder.
 */
export function scaffoldAdapter(vendor: string, root: string, contractFile: string): ScaffoldResult {
  if (!VENDOR_NAME.test(vendor)) throw new Error(`"${vendor}" is not a vendor name: lowercase letters, digits and single dashes, starting with a letter`);
  const folder = join(root, 'adapters', vendor);
  if (existsSync(folder)) throw new Error(`${relative(process.cwd(), folder) || folder} already exists`);
  const camel = vendor.replace(/-([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
  const specifier = relative(folder, contractFile).split(sep).join('/').replace(/\.ts$/, '.js');
  const names: ScaffoldNames = { vendor, camel, pascal: camel[0]!.toUpperCase() + camel.slice(1), contract: specifier.startsWith('.') ? specifier : `./${specifier}` };
  const files: Record<string, string> = {
    [`adapters/${vendor}/${vendor}-types.ts`]: typesFile(names),
    [`adapters/${vendor}/${vendor}-adapter.ts`]: adapterFile(names),
    [`adapters/${vendor}/map-${vendor}-row.ts`]: mapperFile(names),
    [`adapters/${vendor}/${vendor}-simulator.ts`]: simulatorFile(names),
    [`adapters/${vendor}/index.ts`]: indexFile(names),
    [`adapters/${vendor}/README.md`]: readmeFile(names),
    [`specs/${vendor}.openapi.json`]: `${JSON.stringify(specStub(names), null, 2)}\n`,
    [`fixtures/${vendor}/example.json`]: `${JSON.stringify(fixtureStub(names), null, 2)}\n`,
    [`test/contract/sdk/${vendor}.spec.test.ts`]: specTestFile(names),
  };
  const taken = Object.keys(files).filter((path) => existsSync(join(root, path)));
  if (taken.length > 0) throw new Error(`${taken.join(', ')} already exist(s)`);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return {
    names,
    files: Object.keys(files),
    registryLines: [`import { ${camel}Module } from './${vendor}/index.js';`, `${camel}Module,   (in the adapterModules list)`],
  };
}
