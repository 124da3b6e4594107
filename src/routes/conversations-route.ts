import type { IncomingMessage } from 'node:http';
import type { FastifyPluginAsync } from 'fastify';
import { matchesIfNoneMatch, pageResponseKey } from '../conversations/page-response-cache.js';
import { readConversationsPage, type ConversationsPage } from '../conversations/read-conversations-page.js';
import type { GatewayContext } from '../gateway-context.js';
import { conversationsQuerySchema, parseFilters, parseInclude, splitList, type ConversationsQuery } from './conversations-query.js';
import { readableAgent } from './readable-agent.js';
import { agentIdParamsSchema, errorResponses } from './route-schemas.js';

/** Aborts when the caller hangs up before its page is ready: the page's vendor reads stop. */
function abortedWhenClosed(message: IncomingMessage): AbortSignal {
  const controller = new AbortController();
  message.once('close', () => {
    if (!message.complete) controller.abort(new Error('the caller went away'));
  });
  return controller.signal;
}

/** `GET /v1/agents/{agentId}/conversations`. */
export const conversationsRoute =
  (context: GatewayContext): FastifyPluginAsync =>
  async (app) => {
    app.get<{ Params: { agentId: string }; Querystring: ConversationsQuery }>(
      '/v1/agents/:agentId/conversations',
      {
        schema: {
          summary: "One page of an agent's conversations from every vendor, merged in one exact order",
          description:
            'Order: lastActivityAt descending, then id ascending; rows with no lastActivityAt come last. ' +
            'Follow pagination.nextCursor with the same filters to walk every row exactly once.',
          tags: ['conversations'],
          security: [{ bearerAuth: [] }],
          params: agentIdParamsSchema,
          querystring: conversationsQuerySchema,
          response: {
            200: {
              type: 'object',
              required: ['success', 'data'],
              properties: {
                success: { type: 'boolean', enum: [true] },
                data: {
                  type: 'object',
                  required: ['rows', 'pagination', 'sources', 'partial'],
                  properties: {
                    rows: { type: 'array', items: { $ref: 'Row#' } },
                    pagination: {
                      type: 'object',
                      required: ['limit', 'hasMore', 'nextCursor'],
                      properties: {
                        limit: { type: 'integer' },
                        hasMore: { type: 'boolean' },
                        nextCursor: { type: ['string', 'null'] },
                        syncToken: { type: 'string', description: 'Last page only: pass as syncToken to walk only what changed since this walk began' },
                      },
                    },
                    sources: { type: 'array', items: { $ref: 'SourceReport#' } },
                    partial: { type: 'boolean' },
                  },
                },
              },
            },
            304: { description: 'The page is unchanged: its ETag matches If-None-Match', type: 'null' },
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const agent = readableAgent(context, request.caller, request.params.agentId);
        const { query } = request;
        // Only first pages are kept: a cursor is checked (signature, expiry, binding) on every use.
        const key = query.cursor === undefined ? pageResponseKey(request.caller.org, agent.id, query) : undefined;
        const answer = (page: ConversationsPage, etag: string) => {
          void reply.header('etag', etag);
          if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
          return { success: true, data: page };
        };
        const kept = key === undefined ? undefined : context.pageResponses.get(key);
        if (kept) return answer(kept.page, kept.etag);
        const include = parseInclude(query.include);
        const page = await readConversationsPage(context, {
          agent,
          callerOrg: request.caller.org,
          filters: parseFilters(query),
          sources: query.sources === undefined ? undefined : splitList(query.sources),
          limit: query.limit ?? 20,
          cursor: query.cursor,
          syncToken: query.syncToken,
          includeRaw: include.raw,
          includeSummary: include.summary,
          strict: query.strict === 'true',
        }, { cancel: abortedWhenClosed(request.raw) });
        return answer(page, context.pageResponses.put(key, page, page.freshUntil));
      },
    );
  };
