import { buildApp } from '../app.js';
import type { AdapterModule } from '../contract/index.js';
import { startSandboxWorld } from '../sandbox/sandbox-world.js';

/**
 * The gateway's own OpenAPI document, as `/openapi.json` serves it: generated from the
 * route schemas by @fastify/swagger on a sandbox config. Nothing in it depends on the
 * config (no ports, no secrets), so the committed copy only changes with the routes.
 */
export async function gatewayOpenApiDocument(modules: readonly AdapterModule[]): Promise<unknown> {
  const world = await startSandboxWorld({ modules, now: Date.UTC(2026, 0, 1), secrets: { jwt: 'openapi', cursor: 'openapi' } });
  try {
    const app = await buildApp({ config: world.config, adapters: modules });
    try {
      return JSON.parse(JSON.stringify(app.swagger())) as unknown;
    } finally {
      await app.close();
    }
  } finally {
    await world.close();
  }
}

/** The committed file's text: two-space JSON with a final newline. */
export function openApiText(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
