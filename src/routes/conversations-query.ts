import { MAX_CURSOR_CHARS } from '../cursor/cursor-codec.js';
import { GatewayError } from '../errors.js';
import type { ConversationFilters } from '../filters/conversation-filters.js';
import { COMMA_LIST, parseMembers, splitList } from '../filters/query-values.js';
import type { QueryParameterSchema } from '../filters/row-filter.js';
import { FILTERS, type FilterQuery } from '../filters/row-filters.js';
import { DUPLICATES_MODES, type DuplicatesMode } from '../links/row-links.js';

export { splitList };

/** The query string of `GET /v1/agents/{agentId}/conversations`, as the schema lets it through. */
export interface ConversationsQuery extends FilterQuery {
  limit?: number;
  cursor?: string;
  syncToken?: string;
  sources?: string;
  include?: string;
  strict?: 'true' | 'false';
  duplicates?: DuplicatesMode;
}

/** Each filter's query parameter, from the filter table. */
const FILTER_PROPERTIES = Object.fromEntries(FILTERS.flatMap((filter) => (filter.query ? [[filter.name, filter.query.schema]] : []))) as Record<keyof FilterQuery, QueryParameterSchema>;

export const conversationsQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 20, description: 'Rows per page, 1–100' },
    cursor: { type: 'string', minLength: 1, maxLength: MAX_CURSOR_CHARS, description: `nextCursor of the previous page (at most ${MAX_CURSOR_CHARS} characters)` },
    syncToken: { type: 'string', minLength: 1, maxLength: 2048, description: "pagination.syncToken of a walk's last page: walk only what changed since" },
    sources: { ...COMMA_LIST, description: "Comma list of connection names, a subset of the agent's" },
    ...FILTER_PROPERTIES,
    include: { ...COMMA_LIST, description: 'Comma list of raw, summary' },
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

/** Each filter of the query parsed as the filter table says, then the order of bounds checked; 400 on any problem. */
export function parseFilters(query: CountsQuery): ConversationFilters {
  const given = query as Readonly<Record<string, unknown>>;
  const filters: Record<string, unknown> = {};
  for (const filter of FILTERS) {
    if (filter.query !== undefined && given[filter.name] !== undefined) filters[filter.name] = filter.query.parse(given[filter.name] as never);
    const lower = FILTERS.find((other) => other.below?.name === filter.name);
    if (lower) checkOrder(lower.name, filter.name, lower.below!.orEqual, filters);
  }
  return filters as ConversationFilters;
}

/** A bound's pair in order: `since` earlier than `until`, a minimum not greater than its maximum. */
function checkOrder(lowerName: string, upperName: string, orEqual: boolean, filters: Readonly<Record<string, unknown>>): void {
  const lower = filters[lowerName] as number | undefined;
  const upper = filters[upperName] as number | undefined;
  if (lower === undefined || upper === undefined || lower < upper || (orEqual && lower === upper)) return;
  throw new GatewayError('BAD_REQUEST', orEqual ? `${lowerName} must not be greater than ${upperName}` : `${lowerName} must be earlier than ${upperName}`);
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

