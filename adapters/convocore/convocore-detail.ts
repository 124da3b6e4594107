import { VendorShapeError, asObject, type DetailRead, type DetailRequestContext, type VendorRequest } from '../../src/contract/index.js';
import type { ConvocoreExport } from './convocore-detail-types.js';
import type { ConvocoreConversation } from './convocore-types.js';
import { mapConvocoreDetail } from './map-convocore-detail.js';

function conversationPath({ binding, conversationId }: DetailRequestContext): string {
  return `/agents/${encodeURIComponent(String(binding['agentId']))}/convos/${encodeURIComponent(conversationId)}`;
}

function get(path: string, credential: string, query?: VendorRequest['query']): VendorRequest {
  return { method: 'GET', path, ...(query && { query }), headers: { authorization: `Bearer ${credential}`, accept: 'application/json' } };
}

/** `{ success, message, data }`, `data` an object. */
function dataOf(body: unknown, read: string): Record<string, unknown> {
  const data = asObject(body)['data'];
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new VendorShapeError(`Convocore ${read} response has no data object`);
  return data as Record<string, unknown>;
}

/**
 * Two reads, both scoped by the path to the binding's agent (the vendor answers 404 for
 * another agent's conversation): the conversation's metadata, which is the list's record
 * and gives the row, and its JSON export, the only read with the messages.
 */
export const convocoreDetail: DetailRead<{ conversation: ConvocoreConversation; export: ConvocoreExport }> = {
  reads: {
    conversation: {
      buildRequest: (context) => get(conversationPath(context), context.credential),
      parse: (body) => dataOf(body, 'conversation') as ConvocoreConversation,
    },
    export: {
      buildRequest: (context) => get(`${conversationPath(context)}/export`, context.credential, { format: 'json' }),
      parse(body) {
        const exported = dataOf(body, 'export');
        if (!Array.isArray(exported['turns'])) throw new VendorShapeError('Convocore export has no turns array');
        return exported as ConvocoreExport;
      },
    },
  },
  ownership: 'request',
  map: ({ conversation, export: exported }) => mapConvocoreDetail(conversation, exported),
};
