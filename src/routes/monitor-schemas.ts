import { STALL_CATEGORIES } from '../contract/index.js';
import { paginationSchema, successEnvelope } from './route-schemas.js';
import { rowSchema, sourceReportSchema } from './row-schema.js';

/** Response schemas of `GET /v1/monitor/stalled`: the normalized row and source entry, plus the monitor's fields. */

const categories = { type: 'array', items: { type: 'string', enum: [...STALL_CATEGORIES] } } as const;

const { raw: _raw, ...rowProperties } = rowSchema.properties;

export const stalledRowSchema = {
  type: 'object',
  description: 'A stalled conversation: the normalized row plus why and how long it has waited.',
  required: [...rowSchema.required, 'agentId', 'category', 'latestInboundAt', 'waitingMinutes', 'assigneeNames'],
  properties: {
    ...rowProperties,
    agentId: { type: 'string', description: 'The logical agent the conversation was found for' },
    category: { type: 'string', enum: [...STALL_CATEGORIES] },
    latestInboundAt: {
      type: ['string', 'null'],
      format: 'date-time',
      description: "When the wait began: the contact's latest unanswered message, or the vendor's stand-in (see the source's signals)",
    },
    waitingMinutes: { type: ['integer', 'null'], description: 'Whole minutes waited at generatedAt' },
    assigneeNames: { type: 'array', items: { type: 'string' } },
  },
} as const;

export const monitorSourceSchema = {
  type: 'object',
  required: [...sourceReportSchema.required, 'agentId', 'monitored', 'unsupported', 'signals'],
  properties: {
    ...sourceReportSchema.properties,
    agentId: { type: 'string' },
    monitored: { ...categories, description: 'Asked categories this source can tell' },
    unsupported: { ...categories, description: 'Asked categories this source cannot tell (never guessed)' },
    signals: { type: 'string', description: 'The vendor signals used, and what they cannot tell' },
    vendorReport: {
      type: 'object',
      description: "What the vendor's own monitor report said about itself",
      properties: {
        generatedAt: { type: ['string', 'null'], format: 'date-time' },
        thresholdMinutes: { type: ['number', 'null'] },
        totalCount: { type: ['integer', 'null'] },
        snapshotMissing: { type: 'boolean' },
      },
    },
  },
} as const;

export const stalledPageSchema = successEnvelope('One page of stalled conversations, longest waiting first', {
  type: 'object',
  required: ['rows', 'pagination', 'sources', 'partial', 'generatedAt', 'thresholdMinutes', 'skipThreshold', 'categories', 'totalCount'],
  properties: {
    rows: { type: 'array', items: stalledRowSchema },
    pagination: paginationSchema,
    sources: { type: 'array', items: monitorSourceSchema },
    partial: { type: 'boolean' },
    generatedAt: { type: 'string', format: 'date-time' },
    thresholdMinutes: { type: 'integer' },
    skipThreshold: { type: 'boolean' },
    categories,
    totalCount: { type: ['integer', 'null'], description: 'Stalled conversations of the whole walk; null when a source failed' },
  },
} as const);
