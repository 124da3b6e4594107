import type { ExportFormat } from '../export/export-lines.js';
import { conversationsQuerySchema, type ConversationsQuery } from './conversations-query.js';

/** The export takes the page endpoint's filters; it has no page size, and a failed source always cuts it. */
export type ExportQuery = Omit<ConversationsQuery, 'limit' | 'strict'> & { format?: ExportFormat };

const { limit: _limit, strict: _strict, ...filterProperties } = conversationsQuerySchema.properties;

export const exportQuerySchema = {
  ...conversationsQuerySchema,
  properties: {
    ...filterProperties,
    cursor: { ...filterProperties.cursor, description: 'trailer.cursor of a cut export (or nextCursor of a page): resume after its last row' },
    include: {
      ...filterProperties.include,
      description:
        "Comma list of raw, summary, transcript. transcript: each line carries the conversation's messages and transcript status " +
        '(CSV: the columns transcriptStatus and transcript, one role: text line per message), read ahead within each connection\'s concurrency and the export\'s vendor calls',
    },
    format: { type: 'string', enum: ['ndjson', 'csv'], default: 'ndjson', description: 'ndjson (default) or csv' },
  },
} as const;
