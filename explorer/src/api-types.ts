/**
 * What the gateway's public API answers, as the page reads it: the types of the typed client
 * generated from the API document (`npm run client`), so a change to an answer reaches the
 * page through one regeneration, never a hand-kept copy.
 */

import type {
  CountConversationsResponses,
  GetConversationResponses,
  ListAgentsResponses,
  ListConversationsResponses,
  ListStalledConversationsResponses,
  Message,
  Row,
  SourceReport,
} from '../../clients/typescript/generated/types.gen.js';

export type { Message, Row, SourceReport };

export type SourceStatus = SourceReport['status'];

/** `GET /v1/agents`: one agent the token may read. */
export type Agent = ListAgentsResponses[200]['data']['agents'][number];

/** A page of rows of any walk: the list's or the monitor's. */
export type Page<R> = Omit<ListConversationsResponses[200]['data'], 'rows'> & { rows: R[] };

/** `GET /v1/monitor/stalled`: a stalled conversation. */
export type StalledRow = ListStalledConversationsResponses[200]['data']['rows'][number];

/** `GET /v1/agents/{agentId}/conversations/{rowId}`. */
export type ConversationDetail = GetConversationResponses[200]['data'];

/** `GET …/conversations/counts`: the rows of a filter, by source, and per state and channel over every other filter. */
export type Counts = CountConversationsResponses[200]['data'];
export type CountStop = Counts['partialBecause'][number];

// The enums are the gateway's own contract; row.ts imports nothing, so the bundle takes only the two lists.
export { CHANNEL_TYPES as CHANNELS, CONVERSATION_STATES as STATES } from '../../src/contract/row.js';
