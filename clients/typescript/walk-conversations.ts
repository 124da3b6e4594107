import type { Client } from './generated/client/index.js';
import { listConversations } from './generated/sdk.gen.js';
import type { CountConversationsData, ErrorEnvelope, ListConversationsData, Row } from './generated/types.gen.js';

/** The endpoint's query as the generated operation takes it: every list a comma string. */
export type ConversationsQuery = NonNullable<ListConversationsData['query']>;

export type ChannelType = Row['channelType'];
export type ConversationState = Row['conversationState'];

/**
 * The filters of a walk, typed: lists as arrays of their values, times as a `Date` or an
 * ISO 8601 string (a date alone is that day's start in UTC), flags as booleans. Every
 * query parameter but the cursor, which the walk carries itself.
 */
export interface ConversationFilters {
  limit?: number;
  since?: Date | string;
  until?: Date | string;
  channel?: readonly ChannelType[];
  state?: readonly ConversationState[];
  /** Connection names, a subset of the agent's. */
  sources?: readonly string[];
  q?: string;
  minDurationSec?: number;
  maxDurationSec?: number;
  successful?: boolean;
  minRating?: number;
  maxRating?: number;
  /** A row matches if it has any of them. */
  tags?: readonly string[];
  include?: readonly ('raw' | 'summary')[];
  strict?: boolean;
  syncToken?: string;
  /** A copy and its original on two of the agent's sources: `show` both (default), `link` them, `hide` the copy. */
  duplicates?: 'show' | 'link' | 'hide';
}

/** The query string the gateway reads for these filters; an empty list or an absent value is left out. */
export function conversationsQuery(filters: ConversationFilters): Omit<ConversationsQuery, 'cursor'> {
  const query: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(filters) as [keyof ConversationFilters, unknown][]) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) query[name] = value.join(',');
    } else if (value instanceof Date) {
      query[name] = value.toISOString();
    } else if (typeof value === 'boolean') {
      query[name] = String(value);
    } else {
      query[name] = value;
    }
  }
  return query as Omit<ConversationsQuery, 'cursor'>;
}

/** The counts endpoint's query as the generated `countConversations` takes it. */
export type CountsQuery = NonNullable<CountConversationsData['query']>;

/** The filters of a count: a walk's, without what only pages take. */
export type CountFilters = Omit<ConversationFilters, 'limit' | 'include' | 'strict' | 'syncToken' | 'duplicates'>;

/** The query string `countConversations` takes for these filters. */
export function countsQuery(filters: CountFilters): CountsQuery {
  return conversationsQuery(filters) as CountsQuery;
}

/** An error answer of the gateway, with its stable code (`AGENT_NOT_FOUND`, `CURSOR_EXPIRED`, …). */
export class GatewayResponseError extends Error {
  override name = 'GatewayResponseError';

  constructor(
    readonly status: number,
    readonly code: ErrorEnvelope['error'] | undefined,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Every row of an agent's conversations, in the gateway's order, page after page: each
 * page's `nextCursor` is sent back with the same filters until there is none. A failed
 * page throws `GatewayResponseError`; rows already yielded stay valid.
 */
export async function* walkConversations(client: Client, agentId: string, filters: ConversationFilters = {}): AsyncGenerator<Row> {
  const first = conversationsQuery(filters);
  let cursor: string | undefined;
  do {
    const query = cursor === undefined ? first : { ...first, cursor };
    const { data, error, response } = await listConversations({ client, path: { agentId }, query });
    if (!data) {
      const body = error as Partial<ErrorEnvelope> | undefined;
      throw new GatewayResponseError(response.status, body?.error, body?.message ?? `the gateway answered ${response.status}`);
    }
    yield* data.data.rows;
    cursor = data.data.pagination.nextCursor ?? undefined;
  } while (cursor !== undefined);
}
