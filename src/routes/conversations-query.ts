import { MAX_CURSOR_CHARS } from '../cursor/cursor-codec.js';
import { CHANNEL_TYPES, CONVERSATION_STATES, type ChannelType, type ConversationState } from '../contract/index.js';
import { GatewayError } from '../errors.js';
import type { ConversationFilters } from '../filters/conversation-filters.js';
import { DUPLICATES_MODES, type DuplicatesMode } from '../links/row-links.js';

/** The query string of `GET /v1/agents/{agentId}/conversations`, as the schema lets it through. */
export interface ConversationsQuery {
  limit?: number;
  cursor?: string;
  syncToken?: string;
  since?: string;
  until?: string;
  channel?: string;
  state?: string;
  sources?: string;
  q?: string;
  minDurationSec?: number;
  maxDurationSec?: number;
  successful?: 'true' | 'false';
  minRating?: number;
  maxRating?: number;
  tags?: string;
  include?: string;
  strict?: 'true' | 'false';
  duplicates?: DuplicatesMode;
}

const LIST = { type: 'string', maxLength: 1000, pattern: '^[^,]+(,[^,]+)*$' } as const;

export const conversationsQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 20, description: 'Rows per page, 1–100' },
    cursor: { type: 'string', minLength: 1, maxLength: MAX_CURSOR_CHARS, description: `nextCursor of the previous page (at most ${MAX_CURSOR_CHARS} characters)` },
    syncToken: { type: 'string', minLength: 1, maxLength: 2048, description: "pagination.syncToken of a walk's last page: walk only what changed since" },
    since: { type: 'string', maxLength: 40, description: 'ISO 8601 date-time with a zone, or a date, read as the start of that day in UTC: since <= lastActivityAt' },
    until: { type: 'string', maxLength: 40, description: 'ISO 8601 date-time with a zone, or a date, read as the start of that day in UTC: lastActivityAt < until' },
    channel: { ...LIST, description: `Comma list of ${CHANNEL_TYPES.join(', ')}` },
    state: { ...LIST, description: `Comma list of ${CONVERSATION_STATES.join(', ')}` },
    sources: { ...LIST, description: "Comma list of connection names, a subset of the agent's" },
    q: { type: 'string', minLength: 1, maxLength: 200, description: 'Case-insensitive text over contact, preview and summary' },
    minDurationSec: { type: 'number', minimum: 0 },
    maxDurationSec: { type: 'number', minimum: 0 },
    successful: { type: 'string', enum: ['true', 'false'] },
    minRating: { type: 'integer', minimum: 1, maximum: 5 },
    maxRating: { type: 'integer', minimum: 1, maximum: 5 },
    tags: { ...LIST, description: 'Comma list; a row matches any of them' },
    include: { ...LIST, description: 'Comma list of raw, summary' },
    strict: { type: 'string', enum: ['true', 'false'], description: 'true: any failed source fails the request (502)' },
    duplicates: {
      type: 'string',
      enum: [...DUPLICATES_MODES],
      description:
        "The same conversation on two of the agent's sources (a vendor's imported copy and its original): show (default) lists both and spends no vendor call on links; " +
        'link fills each row\'s linkedIds, confirmed by the vendors; hide also leaves out a copy whose original is confirmed and is itself among the rows (never with syncToken)',
    },
  },
} as const;

/** What only a walk of pages takes: a count takes every other parameter of the list, the filters. */
const PAGE_ONLY = ['limit', 'cursor', 'syncToken', 'include', 'strict', 'duplicates'] as const;

/** The query string of `GET /v1/agents/{agentId}/conversations/counts`: the list's filters, no page. */
export type CountsQuery = Omit<ConversationsQuery, (typeof PAGE_ONLY)[number]>;

export const countsQuerySchema = {
  ...conversationsQuerySchema,
  properties: Object.fromEntries(
    Object.entries(conversationsQuerySchema.properties).filter(([name]) => !(PAGE_ONLY as readonly string[]).includes(name)),
  ) as Omit<(typeof conversationsQuerySchema)['properties'], (typeof PAGE_ONLY)[number]>,
} as const;

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
/** A date alone is that day's start in UTC; the API never guesses a caller's zone. */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Checks what a schema cannot say (dates, list members, bound order); 400 on any problem. */
export function parseFilters(query: CountsQuery): ConversationFilters {
  const filters: ConversationFilters = {};
  if (query.since !== undefined) filters.since = parseDateTime('since', query.since);
  if (query.until !== undefined) filters.until = parseDateTime('until', query.until);
  if (filters.since !== undefined && filters.until !== undefined && filters.since >= filters.until) {
    throw new GatewayError('BAD_REQUEST', 'since must be earlier than until');
  }
  if (query.channel !== undefined) filters.channel = parseMembers('channel', query.channel, CHANNEL_TYPES) as ChannelType[];
  if (query.state !== undefined) filters.state = parseMembers('state', query.state, CONVERSATION_STATES) as ConversationState[];
  if (query.q !== undefined) filters.q = query.q.toLowerCase();
  if (query.tags !== undefined) filters.tags = splitList(query.tags);
  if (query.successful !== undefined) filters.successful = query.successful === 'true';
  copyBounds(filters, 'minDurationSec', 'maxDurationSec', query.minDurationSec, query.maxDurationSec);
  copyBounds(filters, 'minRating', 'maxRating', query.minRating, query.maxRating);
  return filters;
}

/** The page's shape from its query: which sources, how many rows, where from, what to include, whether strict. */
export function pageShapeOf(query: Omit<ConversationsQuery, 'syncToken'>) {
  const include = parseInclude(query.include);
  return {
    sources: query.sources === undefined ? undefined : splitList(query.sources),
    limit: query.limit ?? 20,
    cursor: query.cursor,
    includeRaw: include.raw,
    includeSummary: include.summary,
    strict: query.strict === 'true',
    duplicates: query.duplicates ?? 'show',
  };
}

/** `include`: `raw` and `summary` everywhere; `transcript` where the route allows it (the export). */
export function parseInclude(include: string | undefined, allowed: readonly ('raw' | 'summary' | 'transcript')[] = ['raw', 'summary']) {
  const parts = include === undefined ? [] : parseMembers('include', include, allowed);
  return { raw: parts.includes('raw'), summary: parts.includes('summary'), transcript: parts.includes('transcript') };
}

export function splitList(value: string): string[] {
  return [...new Set(value.split(',').map((part) => part.trim()).filter((part) => part !== ''))];
}

function parseDateTime(name: string, value: string): number {
  const ms = ISO_DATE_TIME.test(value) ? Date.parse(value) : dateStart(value);
  if (!Number.isFinite(ms)) {
    throw new GatewayError('BAD_REQUEST', `${name} must be an ISO 8601 date-time such as 2026-05-18T14:32:12Z, or a date such as 2026-05-18 (its start in UTC)`);
  }
  return ms;
}

/** `2026-12-01` → 2026-12-01T00:00:00Z; NaN for anything else, a day that does not exist included. */
function dateStart(value: string): number {
  const match = ISO_DATE.exec(value);
  if (!match) return Number.NaN;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? ms : Number.NaN;
}

function parseMembers<T extends string>(name: string, value: string, allowed: readonly T[]): T[] {
  const parts = splitList(value);
  const unknown = parts.filter((part) => !(allowed as readonly string[]).includes(part));
  if (unknown.length > 0 || parts.length === 0) {
    throw new GatewayError('BAD_REQUEST', `${name} takes a comma list of ${allowed.join(', ')}`);
  }
  return parts as T[];
}

function copyBounds<K extends 'minDurationSec' | 'minRating', M extends 'maxDurationSec' | 'maxRating'>(
  filters: ConversationFilters,
  minName: K,
  maxName: M,
  min: number | undefined,
  max: number | undefined,
): void {
  if (min !== undefined && max !== undefined && min > max) {
    throw new GatewayError('BAD_REQUEST', `${minName} must not be greater than ${maxName}`);
  }
  if (min !== undefined) filters[minName] = min;
  if (max !== undefined) filters[maxName] = max;
}
