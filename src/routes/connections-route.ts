import type { FastifyPluginAsync } from 'fastify';
import { accessTo } from '../auth/caller.js';
import type { GatewayContext } from '../gateway-context.js';
import { connectionsPageSchema } from './connection-schema.js';
import { errorResponses, NO_QUERY } from './route-schemas.js';

/** `GET /v1/connections`: health of the connections behind the agents the caller may read. */
export const connectionsRoute =
  (context: GatewayContext): FastifyPluginAsync =>
  async (app) => {
    app.get(
      '/v1/connections',
      {
        schema: {
          summary: 'Per-connection health: breaker state, last error, latency, failures, concurrency',
          operationId: 'listConnections',
          tags: ['operations'],
          security: [{ bearerAuth: [] }],
          querystring: NO_QUERY,
          response: { 200: connectionsPageSchema, ...errorResponses },
        },
      },
      async (request) => {
        const visible = new Set<string>();
        for (const agent of context.directory.agents.values()) {
          if (accessTo(request.caller, agent) !== 'read') continue;
          for (const source of agent.sources) visible.add(source.runtime.name);
        }
        if (request.caller.role === 'SUPERADMIN') for (const name of context.directory.connections.keys()) visible.add(name);
        const connections = [...context.directory.connections.values()]
          .filter((connection) => visible.has(connection.name))
          .map((connection) => ({
            connection: connection.name,
            vendor: connection.adapter.vendor,
            ...context.client.report(connection),
          }));
        return { success: true, data: { connections } };
      },
    );
  };
