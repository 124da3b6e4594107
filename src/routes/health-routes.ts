import type { FastifyPluginAsync } from 'fastify';
import { envelopeOf, GatewayError } from '../errors.js';
import type { GatewayContext } from '../gateway-context.js';
import { NO_QUERY } from './route-schemas.js';

/**
 * `/healthz` (the process answers) and `/readyz` (it serves traffic), without auth. With
 * a shared store `/readyz` says whether it is reached; a replica without it still serves.
 */
export const healthRoutes =
  (context: GatewayContext): FastifyPluginAsync =>
  async (app) => {
    app.get('/healthz', { schema: { tags: ['operations'], summary: 'Liveness', querystring: NO_QUERY } }, async () => ({ status: 'ok' }));
    app.get('/readyz', { schema: { tags: ['operations'], summary: 'Readiness', querystring: NO_QUERY } }, async (_request, reply) => {
      if (context.ready) return context.fleet.state === 'off' ? { status: 'ready' } : { status: 'ready', store: context.fleet.state };
      return reply.code(503).send(envelopeOf(new GatewayError('NOT_READY')));
    });
  };
