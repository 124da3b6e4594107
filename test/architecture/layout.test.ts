import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adapterModules } from '../../adapters/index.js';
import { ADAPTER_CONTRACT_VERSION, isDetailRead } from '../../src/contract/index.js';

const root = join(import.meta.dirname, '..', '..');

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder)).flatMap((name) => {
    const path = join(folder, name);
    return statSync(join(root, path)).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/g)].map((match) => match[1]!);
}

describe('layout', () => {
  it('the core never imports an adapter; only the entry point wires the registry', () => {
    const offenders = sourceFiles('src')
      .filter((file) => file !== join('src', 'cli.ts'))
      .filter((file) => importsOf(file).some((specifier) => specifier.includes('adapters/')));
    expect(offenders).toEqual([]);
  });

  it('adapters import only the public contract (and their simulators the simulator kit) from the core, and never each other', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles('adapters')) {
      const folder = file.split(/[\\/]/)[1]!;
      for (const specifier of importsOf(file)) {
        if (!specifier.startsWith('.')) continue;
        const target = relative(root, join(root, file, '..', specifier));
        const allowed =
          target === join('src', 'contract', 'index.js') ||
          target === join('src', 'contract', 'testing.js') ||
          target.startsWith(join('adapters', folder)) ||
          (file === join('adapters', 'index.ts') && target.startsWith('adapters'));
        if (!allowed) offenders.push(`${file} imports ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('every adapter folder holds the same files, named after its vendor', () => {
    for (const module of adapterModules) {
      const vendor = module.adapter.vendor;
      const files = readdirSync(join(root, 'adapters', vendor));
      for (const expected of ['index.ts', 'README.md', `${vendor}-adapter.ts`, `${vendor}-types.ts`, `map-${vendor}-row.ts`, `${vendor}-simulator.ts`]) {
        expect(files, vendor).toContain(expected);
      }
      expect(readdirSync(join(root, 'fixtures', vendor)).some((name) => name.endsWith('.json')), `fixtures/${vendor}`).toBe(true);
    }
  });

  it('every adapter folder declares its detail read in one file; one that reads has its mapper and recorded reads', () => {
    for (const module of adapterModules) {
      const vendor = module.adapter.vendor;
      const files = readdirSync(join(root, 'adapters', vendor));
      expect(files, vendor).toContain(`${vendor}-detail.ts`);
      if (!isDetailRead(module.adapter.detail)) continue;
      expect(files, vendor).toContain(`map-${vendor}-detail.ts`);
      expect(readdirSync(join(root, 'fixtures', vendor, 'detail')).some((name) => name.endsWith('.json')), `fixtures/${vendor}/detail`).toBe(true);
    }
  });

  it('the detail files hold one idea each: none passes 100 lines', () => {
    const long = sourceFiles('adapters')
      .filter((file) => /-detail(-types)?\.ts$/.test(file))
      .filter((file) => readFileSync(join(root, file), 'utf8').split('\n').length > 100);
    expect(long).toEqual([]);
  });

  it('every registered adapter is written for this contract version, and vendor names are unique', () => {
    expect(adapterModules.every((module) => module.adapter.contractVersion === ADAPTER_CONTRACT_VERSION)).toBe(true);
    const names = adapterModules.map((module) => module.adapter.vendor);
    expect(new Set(names).size).toBe(names.length);
  });

  it('no source file passes 400 lines', () => {
    const long = [...sourceFiles('src'), ...sourceFiles('adapters')].filter(
      (file) => readFileSync(join(root, file), 'utf8').split('\n').length > 400,
    );
    expect(long).toEqual([]);
  });
});
