import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { LogicalAgent } from '../agents/agent-directory.js';
import { pageResponseKey } from '../conversations/page-response-cache.js';
import { readConversationsPage } from '../conversations/read-conversations-page.js';
import type { GatewayContext } from '../gateway-context.js';
import { conversationsQuerySchema, pageShapeOf, parseFilters, type ConversationsQuery } from './conversations-query.js';
import { pageOptions } from './page-options.js';
import { agentIdParamsSchema, errorResponses, paginationSchema, successEnvelope } from './route-schemas.js';
import { readableAgent } from './readable-agent.js';
import { replyKept, replyRead } from './kept-answer-reply.js';

type ConversationsRequest = FastifyRequest<{ Params: { agentId: string }; Querystring: ConversationsQuery }>;

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
          operationId: 'listConversations',
          tags: ['conversations'],
          security: [{ bearerAuth: [] }],
          params: agentIdParamsSchema,
          querystring: conversationsQuerySchema,
          headers: {
            type: 'object',
            properties: {
              'if-none-match': { type: 'string', maxLength: 1024, description: 'The ETag of a page read before: 304 while it is unchanged' },
            },
          },
          response: {
            200: successEnvelope('One page: rows, the cursor to the next page, and how each source did', {
              type: 'object',
              required: ['rows', 'pagination', 'sources', 'partial'],
              properties: {
                rows: { type: 'array', items: { $ref: 'Row#' } },
                pagination: {
                  ...paginationSchema,
                  properties: {
                    ...paginationSchema.properties,
                    syncToken: { type: 'string', description: 'Last page only: pass as syncToken to walk only what changed since this walk began' },
                  },
                },
                sources: { type: 'array', items: { $ref: 'SourceReport#' } },
                partial: { type: 'boolean' },
                links: {
                  type: 'object',
                  description:
                    'duplicates=link or hide, on an agent whose sources can hold copies: rows whose links a vendor could not confirm this time (a failing source, ' +
                    "the request's vendor calls or deadline; such a copy is shown, never hidden), and copies left out as their original's",
                  required: ['mode', 'unconfirmed', 'hidden', 'calls'],
                  properties: {
                    mode: { type: 'string', enum: ['link', 'hide'] },
                    unconfirmed: { type: 'integer' },
                    hidden: { type: 'integer' },
                    calls: { type: 'integer', description: "Vendor calls the links' reads made, within the request's maxVendorCallsPerRequest" },
                  },
                },
                sizeLimited: {
                  type: 'object',
                  description:
                    'include=raw only: the answer would have passed limits.maxResponseBytes. rowsHeldBack: fewer rows than limit, the rest follow nextCursor; ' +
                    'rawOmitted: rows whose vendor record alone passes the limit, sent with raw = {omitted: true, bytes, reason}',
                  required: ['maxBytes', 'rowsHeldBack', 'rawOmitted'],
                  properties: { maxBytes: { type: 'integer' }, rowsHeldBack: { type: 'boolean' }, rawOmitted: { type: 'integer' } },
                },
              },
            }),
            304: { description: 'Not modified: the page is the one whose ETag was sent in If-None-Match', type: 'null' },
            ...errorResponses,
          },
        },
      },
      (request, reply) => {
        const agent = readableAgent(context, request.caller, request.params.agentId);
        const { query } = request;
        // Only first pages are kept: a cursor is checked (signature, expiry, binding) on every use.
        const key = query.cursor === undefined ? pageResponseKey(request.caller.org, agent.id, query) : undefined;
        const kept = key === undefined ? undefined : context.pageResponses.get(key);
        if (!kept) return readPage(request, reply, agent, key);
        // Only a complete page is kept.
        context.serving.page('complete');
        return replyKept(request, reply, kept);
      },
    );

    async function readPage(request: ConversationsRequest, reply: FastifyReply, agent: LogicalAgent, key: string | undefined) {
      const page = await readCountedPage(request, reply, agent);
      return replyRead(request, reply, context.pageResponses, key, page, page.freshUntil);
    }

    /** The page as the engine reads it, counted in `gateway_pages_total` by how it ended. */
    async function readCountedPage(request: ConversationsRequest, reply: FastifyReply, agent: LogicalAgent) {
      const { query } = request;
      try {
        const page = await readConversationsPage(
          context,
          { agent, callerOrg: request.caller.org, filters: parseFilters(query), syncToken: query.syncToken, ...pageShapeOf(query) },
          pageOptions(context, request, reply),
        );
        context.serving.page(page.partial ? 'partial' : 'complete');
        return page;
      } catch (error) {
        context.serving.pageFailed(error);
        throw error;
      }
    }
  };
