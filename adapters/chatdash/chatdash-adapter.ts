import {
  ADAPTER_CONTRACT_VERSION,
  bindingSchemaOf,
  VendorShapeError,
  asObject,
  stringOrNull,
  type AdapterDefinition,
  type SourceBinding,
  type VendorErrorDescription,
} from '../../src/contract/index.js';
import { chatdashCopies, chatdashDetail } from './chatdash-detail.js';
import { chatdashMonitor } from './chatdash-monitor.js';
import type { ChatDashConversation } from './chatdash-types.js';
import { chatdashAgentId, chatdashLastActivityMs, chatdashVisibility, mapChatDashRow } from './map-chatdash-row.js';

/** `endDate` is compared with `createdAt`, which is never after the last activity: a margin keeps it inclusive. */
const END_DATE_MARGIN_MS = 1000;

const ERROR_TEXT_LIMIT = 200;

/** The binding's `record` / `interacted`, as set; an unset one is left to the vendor's default. */
function bindingVisibility(binding: SourceBinding): Record<string, boolean> {
  const visibility = chatdashVisibility(binding);
  return Object.fromEntries((['record', 'interacted'] as const).filter((name) => typeof binding[name] === 'boolean').map((name) => [name, visibility[name]]));
}

export const chatdashAdapter: AdapterDefinition<ChatDashConversation> = {
  contractVersion: ADAPTER_CONTRACT_VERSION,
  vendor: 'chatdash',
  // `record` / `interacted` select exactly (true or false, default true, as the vendor does).
  bindingSchema: bindingSchemaOf(
    {
      agentId: { type: 'string', minLength: 1, description: "ChatDash's agent id" },
      record: { type: 'boolean', default: true, description: '`true`: the recorded conversations; `false`: those that are not' },
      interacted: { type: 'boolean', default: true, description: '`true`: the conversations someone interacted with; `false`: the others' },
    },
    ['agentId'],
  ),
  vendorAgentId: chatdashAgentId,
  boundUserIds: () => [],
  // One unpaged array per date window, in no particular order.
  pagination: { kind: 'window' },
  order: { kind: 'whole-window' },
  changeLagSeconds: 60,

  buildRequest(context) {
    const until = context.bounds.until;
    return {
      method: 'GET',
      path: `/agents/${encodeURIComponent(chatdashAgentId(context.binding))}/conversations`,
      // Only `endDate`: `startDate = since` would drop conversations created earlier that are still active.
      // `record` / `interacted` only when the binding sets them; the vendor's defaults are both true.
      query: {
        ...bindingVisibility(context.binding),
        ...(until === undefined ? {} : { endDate: new Date(until + END_DATE_MARGIN_MS).toISOString() }),
      },
      // The agency API key as it is: `Bearer <key>` is refused.
      headers: { Authorization: context.credential, Accept: 'application/json' },
    };
  },

  parsePage(body) {
    if (!Array.isArray(body)) throw new VendorShapeError('ChatDash conversations: expected a JSON array');
    return { records: body, hasMore: false };
  },

  nativeKey: chatdashLastActivityMs,
  mapRow: mapChatDashRow,
  monitor: chatdashMonitor,
  detail: chatdashDetail,
  copies: chatdashCopies,

  describeError(_status, body): VendorErrorDescription {
    const message =
      stringOrNull(asObject(body).message) ?? (typeof body === 'string' ? stringOrNull(body.slice(0, ERROR_TEXT_LIMIT)) : null);
    return { message: message ?? null };
  },
};
