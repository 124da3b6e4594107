import type { FastifyPluginAsync } from 'fastify';
import type { ContactQuery } from '../contacts/contact-query.js';
import { contactOf } from '../contacts/contact-query.js';
import { searchContacts } from '../contacts/search-contacts.js';
import type { GatewayContext } from '../gateway-context.js';
import { conversationsQuerySchema, pageShapeOf, parseFilters, type ConversationsQuery } from './conversations-query.js';
import { pageOptions } from './page-options.js';
import { errorResponses, paginationSchema, successEnvelope } from './route-schemas.js';

type ContactSearchQuery = Omit<ConversationsQuery, 'syncToken' | 'duplicates'> & ContactQuery;

// Links are between the sources of one agent: a search across agents does not fold copies.
const { syncToken: _syncToken, duplicates: _duplicates, ...listFilters } = conversationsQuerySchema.properties;

const contactSearchQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    phone: { type: 'string', minLength: 1, maxLength: 64, description: 'A phone number in international form: +14165550100, +1 (416) 555-0100, 0044 20 7946 0000' },
    email: { type: 'string', minLength: 3, maxLength: 320, description: 'An email address; compared trimmed and lower-cased' },
    contactKey: { type: 'string', minLength: 5, maxLength: 330, description: "A row's contactKey: tel:<E.164> or mailto:<email>" },
    ...listFilters,
    sources: { ...listFilters.sources, description: 'Comma list of connection names, among the sources of the agents the caller may read' },
  },
} as const;

/** `GET /v1/conversations?phone=…|email=…|contactKey=…`: one contact across every agent the caller may read (docs/contacts.md). */
export const contactSearchRoute =
  (context: GatewayContext): FastifyPluginAsync =>
  async (app) => {
    app.get<{ Querystring: ContactSearchQuery }>(
      '/v1/conversations',
      {
        schema: {
          summary: 'Every conversation with one contact, across every agent the caller may read, merged in one exact order',
          description:
            'Exactly one of phone, email or contactKey. Covers the agents of the caller\'s organization its role may read; ' +
            'a source bound to several of them is read once. Order and cursor as an agent\'s list: lastActivityAt descending, then id. ' +
            'No vendor filters by contact, so sources are read and filtered by the gateway within the request\'s vendor-call budget: ' +
            'cut says when the budget or the deadline ended a page early; follow nextCursor to go on.',
          operationId: 'searchConversationsByContact',
          tags: ['conversations'],
          security: [{ bearerAuth: [] }],
          querystring: contactSearchQuerySchema,
          response: {
            200: successEnvelope('One page of the contact\'s conversations, the cursor to the next, and how each source did', {
              type: 'object',
              required: ['rows', 'pagination', 'sources', 'partial'],
              properties: {
                rows: { type: 'array', items: { $ref: 'Row#' } },
                pagination: paginationSchema,
                sources: { type: 'array', items: { $ref: 'SourceReport#' } },
                partial: { type: 'boolean' },
                cut: {
                  type: 'object',
                  description: 'The request\'s own limit ended this page before it was full: calls (limits.maxVendorCallsPerRequest), deadline, cancelled. Follow nextCursor to go on.',
                  required: ['reason'],
                  properties: { reason: { type: 'string', enum: ['calls', 'deadline', 'cancelled'] } },
                },
              },
            }),
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const { query } = request;
        const filters = { ...parseFilters(query), contact: contactOf(query) };
        const page = await searchContacts(context, context.directory, request.caller, { filters, ...pageShapeOf(query) }, pageOptions(context, request, reply));
        context.serving.page(page.partial ? 'partial' : 'complete');
        return { success: true, data: page };
      },
    );
  };
