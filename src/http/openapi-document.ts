import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { gatewayLicense, gatewayVersion } from '../gateway-package.js';

/** The top of the gateway's OpenAPI document; paths come from the route schemas. */
export const openApiDocument: NonNullable<FastifyDynamicSwaggerOptions['openapi']> = {
  openapi: '3.0.3',
  info: {
    title: 'Conversation gateway',
    // The package's own version and licence: one place writes them.
    version: gatewayVersion(),
    license: { name: gatewayLicense() },
    description:
      "One normalized endpoint for an agent's conversations across vendor platforms, merged in one exact order behind one cursor.",
  },
  // Relative: the gateway that serves this document, wherever it is reached (behind a proxy too).
  servers: [{ url: '/', description: 'The gateway that serves this document' }],
  components: {
    securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
  },
  tags: [
    { name: 'conversations', description: 'Merged conversations' },
    { name: 'agents', description: 'Logical agents' },
    { name: 'monitor', description: 'Stalled conversations across vendors' },
    { name: 'webhooks', description: 'Changes pushed to subscribers as signed webhooks, and vendor events in' },
    { name: 'operations', description: 'Health, readiness and connections' },
  ],
};
