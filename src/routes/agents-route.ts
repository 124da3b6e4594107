import type { FastifyPluginAsync } from 'fastify';
import { accessTo } from '../auth/caller.js';
import type { GatewayContext } from '../gateway-context.js';
import { errorResponses, NO_QUERY, successEnvelope } from './route-schemas.js';

const agentSchema = {
  type: 'object',
  required: ['id', 'name', 'org', 'department', 'sources'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    org: { type: 'string' },
    department: { type: ['string', 'null'] },
    sources: {
      type: 'array',
      items: {
        type: 'object',
        required: ['source', 'vendor', 'vendorAgentId'],
        properties: { source: { type: 'string' }, vendor: { type: 'string' }, vendorAgentId: { type: 'string' } },
      },
    },
  },
} as const;

/** `GET /v1/agents`: exactly the agents the caller may read. */
export const agentsRoute =
  (context: GatewayContext): FastifyPluginAsync =>
  async (app) => {
    app.get(
      '/v1/agents',
      {
        schema: {
          summary: 'The logical agents the caller may read',
          operationId: 'listAgents',
          querystring: NO_QUERY,
          tags: ['agents'],
          security: [{ bearerAuth: [] }],
          response: {
            200: successEnvelope('The agents, each with its vendor sources', {
              type: 'object',
              required: ['agents'],
              properties: { agents: { type: 'array', items: agentSchema } },
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const agents = [...context.directory.agents.values()]
          .filter((agent) => accessTo(request.caller, agent) === 'read')
          .map((agent) => ({
            id: agent.id,
            name: agent.name,
            org: agent.org,
            department: agent.department,
            sources: agent.sources.map((source) => ({
              source: source.runtime.name,
              vendor: source.runtime.adapter.vendor,
              vendorAgentId: source.vendorAgentId,
            })),
          }));
        return { success: true, data: { agents } };
      },
    );
  };
