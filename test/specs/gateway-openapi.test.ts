import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { adapterModules } from '../../adapters/index.js';
import { gatewayOpenApiDocument } from '../../src/tools/gateway-openapi.js';

const file = join(import.meta.dirname, '..', '..', 'specs', 'gateway.openapi.json');

it('the committed specs/gateway.openapi.json is what the route schemas generate', async () => {
  const committed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const generated = await gatewayOpenApiDocument(adapterModules);
  expect(committed, 'specs/gateway.openapi.json is stale: run npm run openapi and commit the result').toEqual(generated);
});
