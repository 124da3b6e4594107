import type { FastifyPluginAsync } from 'fastify';
import { CHANNEL_TYPES, CONVERSATION_STATES } from '../contract/index.js';
import { countKey } from '../conversations/count-cache.js';
import { COUNT_STOPS } from '../conversations/conversation-counts.js';
import { countConversations, type CountRequest } from '../conversations/count-conversations.js';
import type { GatewayContext } from '../gateway-context.js';
import { callerGone } from '../http/caller-gone.js';
import { countsQuerySchema, parseFilters, splitList, type CountsQuery } from './conversations-query.js';
import { readableAgent } from './readable-agent.js';
import { agentIdParamsSchema, errorResponses, successEnvelope } from './route-schemas.js';

const countOf = (names: readonly string[], description: string) =>
  ({
    type: 'object',
    description,
    required: [...names],
    additionalProperties: false,
    properties: Object.fromEntries(names.map((name) => [name, { type: 'integer', minimum: 0 }])),
  }) as const;

const countsSchema = successEnvelope('How many rows the list gives for this filter, by source, state and channel, and whether every source was counted to its end', {
  type: 'object',
  required: ['total', 'bySource', 'byState', 'byChannel', 'partial', 'partialBecause', 'sources', 'countedAt', 'cached'],
  properties: {
    total: { type: 'integer', minimum: 0, description: 'Rows the list gives for exactly this query' },
    bySource: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 }, description: 'Rows per source (connection name) read for this query' },
    byState: countOf(CONVERSATION_STATES, 'Per state, the rows every filter but state keeps: what choosing that state would give'),
    byChannel: countOf(CHANNEL_TYPES, 'Per channel, the rows every filter but channel keeps: what choosing that channel would give'),
    partial: { type: 'boolean', description: 'Some rows may be missing: every number is then a lower bound' },
    partialBecause: {
      type: 'array',
      items: { type: 'string', enum: [...COUNT_STOPS] },
      description:
        "calls: limits.maxVendorCallsPerCount was spent; rate-limited: the caller's rate limit was; deadline: limits.requestDeadlineMs passed; " +
        'cancelled: the caller left or the gateway is shutting down; source: a source failed or sent records the gateway could not use (see sources)',
    },
    sources: {
      type: 'array',
      items: {
        allOf: [
          { $ref: 'SourceReport#' },
          { type: 'object', required: ['complete'], properties: { complete: { type: 'boolean', description: "The source was counted to its end (its rows the gateway could map)" } } },
        ],
      },
    },
    countedAt: { type: 'string', format: 'date-time', description: 'When the vendors were read; a kept count keeps its time' },
    cached: { type: 'boolean', description: 'Answered from a count kept for limits.countCacheTtlMs, without a vendor call' },
  },
});

/** `GET /v1/agents/{agentId}/conversations/counts`: the list's filters, counted over the whole walk. */
export const countsRoute =
  (context: GatewayContext): FastifyPluginAsync =>
  async (app) => {
    app.get<{ Params: { agentId: string }; Querystring: CountsQuery }>(
      '/v1/agents/:agentId/conversations/counts',
      {
        schema: {
          summary: "How many of an agent's conversations a filter matches, in total and by source, state and channel",
          description:
            'Takes the filters of the list (not limit, cursor, syncToken, include or strict) and walks every source to its end, within ' +
            'limits.maxVendorCallsPerCount vendor calls and limits.requestDeadlineMs; where either stopped it, or a source failed, ' +
            'the counts are partial and say why. A complete count is kept for limits.countCacheTtlMs.',
          operationId: 'countConversations',
          tags: ['conversations'],
          security: [{ bearerAuth: [] }],
          params: agentIdParamsSchema,
          querystring: countsQuerySchema,
          response: { 200: countsSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const agent = readableAgent(context, request.caller, request.params.agentId);
        const cancel = callerGone(reply);
        const { query } = request;
        const count: CountRequest = {
          agent,
          callerOrg: request.caller.org,
          filters: parseFilters(query),
          sources: query.sources === undefined ? undefined : splitList(query.sources),
        };
        const key = countKey(count);
        const kept = await context.counts.find(key);
        if (kept) {
          context.serving.count('cached');
          return { success: true, data: kept };
        }
        try {
          const counts = await countConversations(context, count, {
            maxVendorCalls: context.config.limits.maxVendorCallsPerCount,
            cancel,
            ...(context.rateLimit ? { onCall: context.rateLimit.vendorCallCharge(request, context.config.limits.vendorCallsPerRateLimitUnit) } : {}),
          });
          context.serving.count(counts.partial ? 'partial' : 'complete');
          await context.counts.keep(key, counts);
          return { success: true, data: counts };
        } catch (error) {
          context.serving.countFailed(error);
          throw error;
        }
      },
    );
  };
