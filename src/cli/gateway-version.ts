import { readFileSync } from 'node:fs';

/**
 * The package version. The source runs from src/cli/ and the build from dist/src/cli/,
 * so the nearest package.json above this file named conversation-gateway is the one.
 */
export function gatewayVersion(): string {
  for (const relative of ['../../package.json', '../../../package.json']) {
    try {
      const manifest = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'conversation-gateway' && manifest.version) return manifest.version;
    } catch {
      // Not at this level: try the next one up.
    }
  }
  return 'unknown';
}
