import type { FastifyPluginAsync } from 'fastify';
import { accessTo } from '../auth/caller.js';
import type { GatewayContext } from '../gateway-context.js';
import { errorResponses, NO_QUERY } from './route-schemas.js';

/** `GET /v1/connections`: health of the connections behind the agents the caller may read, as its org's calls saw it. */
export const connectionsRoute =
  (context: GatewayContext): FastifyPluginAsync =>
  async (app) => {
    app.get(
      '/v1/connections',
      {
        schema: {
          summary: 'Per-connection health: breaker state, last error, latency, failures, concurrency',
          tags: ['operations'],
          security: [{ bearerAuth: [] }],
          querystring: NO_QUERY,
          response: { ...errorResponses },
        },
      },
      async (request) => {
        const visible = new Set<string>();
        for (const agent of context.directory.agents.values()) {
          if (accessTo(request.caller, agent) !== 'read') continue;
          for (const source of agent.sources) visible.add(source.runtime.name);
        }
        const superadmin = request.caller.role === 'SUPERADMIN';
        if (superadmin) for (const name of context.directory.connections.keys()) visible.add(name);
        // What another org's requests caused on a shared connection (its errors can name that org's agents) stays with it.
        const org = superadmin ? undefined : request.caller.org;
        const connections = [...context.directory.connections.values()]
          .filter((connection) => visible.has(connection.name))
          .map((connection) => ({
            connection: connection.name,
            vendor: connection.adapter.vendor,
            ...context.client.report(connection, org),
          }));
        return { success: true, data: { connections } };
      },
    );
  };
