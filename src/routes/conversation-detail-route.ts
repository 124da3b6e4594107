import type { FastifyPluginAsync } from 'fastify';
import { readConversationDetail } from '../conversations/read-conversation-detail.js';
import type { GatewayContext } from '../gateway-context.js';
import { answerKey } from '../conversations/kept-answers.js';
import { replyKept, replyRead } from './kept-answer-reply.js';
import { pageOptions } from './page-options.js';
import { parseInclude } from './conversations-query.js';
import { readableAgent } from './readable-agent.js';
import { agentIdParamsSchema, errorResponse, errorResponses, successEnvelope } from './route-schemas.js';

interface DetailQuery {
  include?: string;
}

/** `GET /v1/agents/{agentId}/conversations/{rowId}`: one conversation and what was said in it. */
export const conversationDetailRoute =
  (context: GatewayContext): FastifyPluginAsync =>
  async (app) => {
    app.get<{ Params: { agentId: string; rowId: string }; Querystring: DetailQuery }>(
      '/v1/agents/:agentId/conversations/:rowId',
      {
        schema: {
          summary: 'One conversation of an agent: its row, its transcript in one shape for every vendor, recording, summary and analysis',
          description:
            "rowId is the row's id, <source>:<vendor conversation id>. The row must belong to a source bound to the agent and the " +
            "vendor's record to the binding's agent, else 404 CONVERSATION_NOT_FOUND. transcript.status says whether the vendor " +
            'has a transcript (ok, unsupported, unavailable, error); a failed detail read answers the row from the list with ' +
            'transcript.status = error, the source status, and partial = true.',
          operationId: 'getConversation',
          tags: ['conversations'],
          security: [{ bearerAuth: [] }],
          headers: {
            type: 'object',
            properties: {
              'if-none-match': { type: 'string', maxLength: 1024, description: 'The ETag of an answer read before: 304 while it is unchanged' },
            },
          },
          params: {
            ...agentIdParamsSchema,
            required: ['agentId', 'rowId'],
            properties: {
              ...agentIdParamsSchema.properties,
              rowId: { type: 'string', minLength: 3, maxLength: 200, pattern: '^[^:]+:.+$', description: "The row's id: <source>:<vendor conversation id>" },
            },
          },
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { include: { type: 'string', maxLength: 100, description: "raw: the vendor's detail record(s) beside the answer" } },
          },
          response: {
            200: successEnvelope('The conversation: row, messages in spoken order, and how its source did', {
              type: 'object',
              required: ['row', 'messages', 'recordingUrl', 'summary', 'analysis', 'transcript', 'source', 'partial'],
              properties: {
                row: { $ref: 'Row#' },
                messages: { type: 'array', items: { $ref: 'Message#' } },
                recordingUrl: { type: ['string', 'null'] },
                summary: { type: ['string', 'null'] },
                analysis: {
                  type: ['object', 'null'],
                  description: "The vendor's own evaluation and the data it collected; the verdict itself is row.successful",
                  required: ['evaluation', 'collected'],
                  properties: { evaluation: {}, collected: { type: ['object', 'null'], additionalProperties: true } },
                },
                transcript: { $ref: 'TranscriptReport#' },
                source: { $ref: 'SourceReport#' },
                partial: { type: 'boolean', description: 'The detail read failed: the row comes from the list and transcript.status is error' },
                raw: { type: 'object', additionalProperties: true, description: "include=raw only: the vendor's detail record(s) by read, or the list's record" },
              },
            }),
            304: { description: 'Not modified: the answer is the one whose ETag was sent in If-None-Match', type: 'null' },
            ...errorResponses,
            404: errorResponse('No such agent (AGENT_NOT_FOUND), or no such conversation of it (CONVERSATION_NOT_FOUND)'),
          },
        },
      },
      async (request, reply) => {
        const agent = readableAgent(context, request.caller, request.params.agentId);
        const { raw } = parseInclude(request.query.include, ['raw']);
        const key = answerKey(request.caller.org, agent.id, { rowId: request.params.rowId, raw });
        const kept = context.detailAnswers.get(key);
        if (kept) return replyKept(request, reply, kept);
        const detail = await readConversationDetail(context, { agent, rowId: request.params.rowId, includeRaw: raw }, pageOptions(context, request, reply));
        return replyRead(request, reply, context.detailAnswers, key, detail, detail.freshUntil);
      },
    );
  };
