import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { adapterModules } from '../../adapters/index.js';
import { gatewayOpenApiDocument } from '../../src/tools/gateway-openapi.js';

const file = join(import.meta.dirname, '..', '..', 'specs', 'gateway.openapi.json');

it('takes its version and licence from package.json and names no host: its server is the gateway that serves it', async () => {
  const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string; license: string };
  const document = (await gatewayOpenApiDocument(adapterModules)) as { info: { version: string; license: { name: string } }; servers: { url: string }[] };
  expect(document.info.version).toBe(manifest.version);
  expect(document.info.license).toEqual({ name: manifest.license });
  expect(document.servers.map((server) => server.url)).toEqual(['/']);
});

it('the committed specs/gateway.openapi.json is what the route schemas generate', async () => {
  const committed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const generated = await gatewayOpenApiDocument(adapterModules);
  expect(committed, 'specs/gateway.openapi.json is stale: run npm run openapi and commit the result').toEqual(generated);
});

it('every operation decides its security: a bearer token, or none said out loud (a vendor signature, a health probe)', async () => {
  const document = (await gatewayOpenApiDocument(adapterModules)) as { paths: Record<string, Record<string, { security?: unknown[] }>> };
  const undecided = Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([, operation]) => typeof operation === 'object' && operation !== null && !Array.isArray(operation.security))
      .map(([method]) => `${method.toUpperCase()} ${path}`),
  );
  expect(undecided).toEqual([]);
});
