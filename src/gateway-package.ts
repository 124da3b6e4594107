import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './project-root.js';

interface Manifest {
  name?: string;
  version?: string;
  license?: string;
}

let manifest: Manifest | undefined;

/** The project's package.json, read once: the one place the version and licence are written. */
function gatewayManifest(): Manifest {
  if (manifest === undefined) {
    try {
      manifest = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as Manifest;
    } catch {
      manifest = {};
    }
  }
  return manifest;
}

/** `--version`, the API document's `info.version` and `gateway_build_info`. */
export function gatewayVersion(): string {
  return gatewayManifest().version ?? 'unknown';
}

/** The SPDX expression of package.json (`UNLICENSED`: no rights granted), for the API document. */
export function gatewayLicense(): string {
  return gatewayManifest().license ?? 'UNLICENSED';
}
