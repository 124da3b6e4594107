import type { FastifyPluginAsync } from 'fastify';
import type { GatewayContext } from '../gateway-context.js';
import { NO_QUERY } from './route-schemas.js';

/** `GET /metrics`: Prometheus text of the vendor calls, without auth (scrapers hold no token). */
export const metricsRoute =
  (context: GatewayContext): FastifyPluginAsync =>
  async (app) => {
    app.get('/metrics', { schema: { tags: ['operations'], summary: 'Prometheus metrics of vendor calls', querystring: NO_QUERY } }, async (_request, reply) => {
      const registry = context.client.metrics.registry;
      return reply.type(registry.contentType).send(await registry.metrics());
    });
  };
