import type { FastifyPluginAsync } from 'fastify';
import type { GatewayContext } from '../gateway-context.js';
import { NO_QUERY, noQueryError } from './route-schemas.js';

/**
 * `GET /metrics`: Prometheus text of the app's registry (inbound requests, vendor calls,
 * the process), without auth (scrapers hold no token).
 */
export const metricsRoute =
  (context: GatewayContext): FastifyPluginAsync =>
  async (app) => {
    app.get(
      '/metrics',
      {
        schema: {
          tags: ['operations'],
          summary: 'Prometheus metrics: inbound requests, vendor calls, the process',
          operationId: 'getMetrics',
          security: [],
          querystring: NO_QUERY,
          response: {
            200: {
              description: 'Prometheus text exposition format',
              content: { 'text/plain': { schema: { type: 'string' } } },
            },
            ...noQueryError,
          },
        },
      },
      async (_request, reply) => {
        const registry = context.client.metrics.registry;
        return reply.type(registry.contentType).send(await registry.metrics());
      },
    );
  };
