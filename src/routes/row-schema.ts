import { CHANNEL_TYPES, CONTACT_PHONE_FORMATS, CONVERSATION_STATES, MESSAGE_ROLES } from '../contract/index.js';
import { ERROR_TABLE } from '../errors.js';
import { SOURCE_STATUSES } from '../conversations/source-status.js';
import { SOURCE_ERROR_TABLE } from '../upstream/vendor-failure.js';

/** JSON schemas of what the API returns; the output schema is also what stops fields leaking. */

const nullable = (type: string) => ({ type: [type, 'null'] }) as const;

export const rowSchema = {
  $id: 'Row',
  type: 'object',
  description: 'One conversation, normalized across vendors.',
  required: [
    'id', 'source', 'vendor', 'vendorAgentId', 'conversationId', 'contactId', 'contactName', 'contactEmail',
    'contactPhone', 'contactPhoneFormat', 'contactKey', 'channelType', 'conversationState', 'startedAt', 'endedAt', 'lastActivityAt',
    'lastMessagePreview', 'messageCount', 'durationSec', 'summary', 'successful', 'rating', 'tags',
    'assignees', 'cost', 'language', 'direction', 'hasAccess', 'originalId', 'linkedIds',
  ],
  properties: {
    id: { type: 'string', description: '`<source>:<vendor conversation id>`' },
    source: { type: 'string', description: 'Connection name' },
    vendor: { type: 'string', description: 'Adapter name' },
    vendorAgentId: { type: 'string' },
    conversationId: { type: 'string' },
    contactId: nullable('string'),
    contactName: nullable('string'),
    contactEmail: { ...nullable('string'), description: 'Trimmed and lower-cased' },
    contactPhone: { ...nullable('string'), description: 'E.164 where it parsed (see contactPhoneFormat), else as the vendor gave it' },
    contactPhoneFormat: {
      type: ['string', 'null'],
      enum: [...CONTACT_PHONE_FORMATS, null],
      description: "e164: normalized; sip (a SIP URI) and short-code: left as given; unparsed: kept as given (a connection's defaultRegion may help); null without a phone",
    },
    contactKey: {
      ...nullable('string'),
      description: 'tel:<E.164>, else mailto:<email>, else null: one person whatever each vendor wrote; GET /v1/conversations?contactKey= finds it across agents',
    },
    channelType: { type: 'string', enum: [...CHANNEL_TYPES] },
    conversationState: { type: 'string', enum: [...CONVERSATION_STATES] },
    startedAt: { ...nullable('string'), format: 'date-time' },
    endedAt: { ...nullable('string'), format: 'date-time' },
    lastActivityAt: { ...nullable('string'), format: 'date-time' },
    lastMessagePreview: { ...nullable('string'), maxLength: 80 },
    messageCount: nullable('number'),
    durationSec: { ...nullable('number'), description: 'Always seconds' },
    summary: nullable('string'),
    successful: nullable('boolean'),
    rating: { ...nullable('integer'), minimum: 1, maximum: 5 },
    tags: { type: 'array', items: { type: 'string' } },
    assignees: { type: 'array', items: { type: 'string' } },
    cost: {
      type: ['object', 'null'],
      required: ['amount', 'currency'],
      properties: { amount: { type: 'number' }, currency: { type: 'string' } },
    },
    language: nullable('string'),
    direction: { type: ['string', 'null'], enum: ['inbound', 'outbound', null] },
    hasAccess: { type: 'boolean' },
    originalId: {
      ...nullable('string'),
      description: "The conversation's id on the platform it was imported from (a ChatDash copy of a Vapi, Retell or ElevenLabs call); null for the vendor's own",
    },
    linkedIds: {
      type: 'array',
      items: { type: 'string' },
      description: "Row ids of the same conversation on the agent's other sources (a copy and its original), each confirmed by the vendor; filled with duplicates=link or hide, else empty",
    },
    raw: { description: "The vendor's own record; only with include=raw" },
  },
} as const;

/** What went wrong with a source: a code of the source error table and a message for people. */
const sourceErrorSchema = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', enum: Object.keys(SOURCE_ERROR_TABLE) as Array<keyof typeof SOURCE_ERROR_TABLE> },
    message: { type: 'string' },
  },
} as const;

export const sourceReportSchema = {
  $id: 'SourceReport',
  type: 'object',
  description: 'How one source (a vendor connection) did on this page.',
  required: ['source', 'vendor', 'status', 'requests', 'latencyMs', 'skipped', 'cached', 'stale'],
  properties: {
    source: { type: 'string' },
    vendor: { type: 'string' },
    status: { type: 'string', enum: [...SOURCE_STATUSES] },
    requests: { type: 'integer', description: 'Vendor calls made for this page, retries included; cache hits cost none' },
    latencyMs: { type: 'number' },
    skipped: { type: 'integer', description: 'Records that could not be mapped' },
    cached: { type: 'boolean', description: "Some of the source's data came from the gateway's short-lived cache" },
    stale: { type: 'boolean', description: 'Some of it was served past its cache lifetime because the vendor failed; the page is partial' },
    fetchedAt: { type: 'string', format: 'date-time', description: 'When the oldest vendor page used was fetched' },
    retryAfterSec: { type: 'number', description: 'With rate_limited and circuit_open: seconds until the source may answer again' },
    agents: { type: 'array', items: { type: 'string' }, description: 'Contact search only: the agents this source serves' },
    error: sourceErrorSchema,
  },
} as const;

export const errorEnvelopeSchema = {
  $id: 'ErrorEnvelope',
  type: 'object',
  description: 'Every answer that is not a success: a stable code to branch on and a message for people.',
  required: ['success', 'error', 'message'],
  properties: {
    success: { type: 'boolean', enum: [false] },
    error: { type: 'string', enum: Object.keys(ERROR_TABLE) as Array<keyof typeof ERROR_TABLE> },
    message: { type: 'string' },
  },
} as const;

export const messageSchema = {
  $id: 'Message',
  type: 'object',
  description: 'One message of a transcript, the same shape for every vendor.',
  required: ['role', 'text', 'at', 'offsetSec', 'endOffsetSec'],
  properties: {
    role: { type: 'string', enum: [...MESSAGE_ROLES], description: 'agent: the AI; human: a person who took over; tool: a call the agent made' },
    text: { type: 'string', description: "What was said; for a tool message the tool's name" },
    at: { ...nullable('string'), format: 'date-time', description: 'When it was said; null when the vendor gives no time' },
    offsetSec: { ...nullable('number'), description: "Seconds from the conversation's start, where the vendor measures them" },
    endOffsetSec: nullable('number'),
    interrupted: { type: 'boolean', enum: [true], description: 'The contact cut this turn short; absent otherwise' },
    toolCall: {
      type: 'object',
      required: ['name', 'arguments', 'result'],
      properties: {
        name: { type: 'string' },
        arguments: { description: 'Parsed when the vendor sends JSON text, else as sent' },
        result: { description: 'null until (or unless) the vendor reports one' },
      },
    },
  },
} as const;

export const transcriptReportSchema = {
  $id: 'TranscriptReport',
  type: 'object',
  description:
    'Whether the transcript could be read: ok; unsupported (the vendor publishes none, reason says why); ' +
    'unavailable (none for this conversation yet); error (the read failed: the source\'s code and message).',
  required: ['status'],
  properties: {
    status: { type: 'string', enum: ['ok', 'unsupported', 'unavailable', 'error'] },
    reason: { type: 'string' },
    error: sourceErrorSchema,
  },
} as const;
