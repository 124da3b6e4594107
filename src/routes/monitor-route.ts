import type { FastifyPluginAsync } from 'fastify';
import { DEFAULT_MONITOR } from '../config/gateway-config.js';
import type { GatewayContext } from '../gateway-context.js';
import { readStalledPage } from '../monitor/read-stalled-page.js';
import { monitorQuerySchema, parseMonitorQuery, type MonitorQuery } from './monitor-query.js';
import { stalledPageSchema } from './monitor-schemas.js';
import { errorResponses } from './route-schemas.js';
import { pageOptions } from './page-options.js';

/** `GET /v1/monitor/stalled`: stalled conversations of every vendor (docs/monitor.md). */
export const monitorRoute =
  (context: GatewayContext): FastifyPluginAsync =>
  async (app) => {
    app.get<{ Querystring: MonitorQuery }>(
      '/v1/monitor/stalled',
      {
        schema: {
          summary: 'Conversations the AI or a human agent has stalled on, across every vendor',
          description:
            'ai_stuck: the AI owns the conversation and the contact has waited at least thresholdMinutes for a reply. ' +
            'agent_abandoned: a human was asked for or holds it and no human has replied for at least thresholdMinutes. ' +
            'Order: longest waiting first (latestInboundAt ascending, unknown last, then id). Follow pagination.nextCursor ' +
            'with the same query to walk every row exactly once.',
          operationId: 'listStalledConversations',
          tags: ['monitor'],
          security: [{ bearerAuth: [] }],
          querystring: monitorQuerySchema,
          response: { 200: stalledPageSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const threshold = context.config.monitor?.thresholdMinutes ?? DEFAULT_MONITOR.thresholdMinutes;
        const page = await readStalledPage(context, request.caller, parseMonitorQuery(request.query, threshold), pageOptions(context, request, reply));
        return { success: true, data: page };
      },
    );
  };
