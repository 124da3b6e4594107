import type { FastifyPluginAsync } from 'fastify';
import { envelopeOf, GatewayError } from '../errors.js';
import type { GatewayContext } from '../gateway-context.js';
import { errorResponse, NO_QUERY, noQueryError } from './route-schemas.js';

const statusSchema = (status: string, description: string) =>
  ({ description, type: 'object', required: ['status'], properties: { status: { type: 'string', enum: [status] } } }) as const;

/**
 * `/healthz` (the process answers) and `/readyz` (it serves traffic), without auth. With
 * a shared store `/readyz` says whether it is reached; a replica without it still serves.
 */
export const healthRoutes =
  (context: GatewayContext): FastifyPluginAsync =>
  async (app) => {
    app.get(
      '/healthz',
      {
        schema: {
          tags: ['operations'],
          summary: 'Liveness: the process answers',
          operationId: 'getLiveness',
          security: [],
          querystring: NO_QUERY,
          response: { 200: statusSchema('ok', 'The process is alive'), ...noQueryError },
        },
      },
      async () => ({ status: 'ok' }),
    );
    app.get(
      '/readyz',
      {
        schema: {
          tags: ['operations'],
          summary: 'Readiness: the gateway serves traffic',
          operationId: 'getReadiness',
          security: [],
          querystring: NO_QUERY,
          response: {
            200: {
              ...statusSchema('ready', 'Ready for traffic'),
              properties: {
                ...statusSchema('ready', 'Ready for traffic').properties,
                store: { type: 'string', enum: ['up', 'down'], description: 'With a shared store: whether this replica reaches it (it serves either way)' },
              },
            },
            ...noQueryError,
            503: errorResponse('Starting or shutting down (NOT_READY): send traffic elsewhere'),
          },
        },
      },
      async (_request, reply) => {
        if (context.ready) return context.fleet.state === 'off' ? { status: 'ready' } : { status: 'ready', store: context.fleet.state };
        return reply.code(503).send(envelopeOf(new GatewayError('NOT_READY')));
      },
    );
  };
