import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';

/** The top of the gateway's OpenAPI document; paths come from the route schemas. */
export const openApiDocument: NonNullable<FastifyDynamicSwaggerOptions['openapi']> = {
  openapi: '3.0.3',
  info: {
    title: 'Conversation gateway',
    version: '1.0.0',
    description:
      "One normalized endpoint for an agent's conversations across vendor platforms, merged in one exact order behind one cursor.",
  },
  // Where `npm start` listens; a deployment's clients set their own base URL.
  servers: [{ url: 'http://127.0.0.1:8080', description: 'The sandbox or a local gateway' }],
  components: {
    securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
  },
  tags: [
    { name: 'conversations', description: 'Merged conversations' },
    { name: 'agents', description: 'Logical agents' },
    { name: 'monitor', description: 'Stalled conversations across vendors' },
    { name: 'operations', description: 'Health, readiness and connections' },
  ],
};
