import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { adapterModules } from '../adapters/index.js';
import { gatewayOpenApiDocument, openApiText } from '../src/tools/gateway-openapi.js';

/** npm run openapi: writes specs/gateway.openapi.json from the route schemas. */
const file = join(import.meta.dirname, '..', 'specs', 'gateway.openapi.json');
writeFileSync(file, openApiText(await gatewayOpenApiDocument(adapterModules)));
process.stdout.write(`wrote ${file}\n`);
