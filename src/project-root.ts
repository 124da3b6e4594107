import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The folder holding the project's package.json, found upward from this file: the same
 * answer from `src/` (tsx) and from `dist/src/` (compiled), so files read at run time
 * (`specs/`, `dist/explorer/`) are found either way.
 */
export function projectRoot(): string {
  let folder = import.meta.dirname;
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`no package.json above ${import.meta.dirname}`);
    folder = parent;
  }
  return folder;
}
