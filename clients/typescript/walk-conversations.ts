import type { Client } from './generated/client/index.js';
import { listConversations } from './generated/sdk.gen.js';
import type { Error as ErrorBody, ListConversationsData, Row } from './generated/types.gen.js';

/** The filters of a walk: every query parameter but the cursor, which the walk carries. */
export type ConversationFilters = Omit<NonNullable<ListConversationsData['query']>, 'cursor'>;

/** An error answer of the gateway, with its stable code (`AGENT_NOT_FOUND`, `CURSOR_EXPIRED`, …). */
export class GatewayResponseError extends globalThis.Error {
  override name = 'GatewayResponseError';

  constructor(
    readonly status: number,
    readonly code: ErrorBody['error'] | undefined,
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
  let cursor: string | undefined;
  do {
    const query = cursor === undefined ? filters : { ...filters, cursor };
    const { data, error, response } = await listConversations({ client, path: { agentId }, query });
    if (!data) {
      const body = error as Partial<ErrorBody> | undefined;
      throw new GatewayResponseError(response.status, body?.error, body?.message ?? `the gateway answered ${response.status}`);
    }
    yield* data.data.rows;
    cursor = data.data.pagination.nextCursor ?? undefined;
  } while (cursor !== undefined);
}
