import {
  ADAPTER_CONTRACT_VERSION,
  AGENT_ID_BINDING_SCHEMA,
  VendorShapeError,
  asObject,
  stringOrNull,
  type AdapterDefinition,
  type VendorErrorDescription,
} from '../../src/contract/index.js';
import { chatdashMonitor } from './chatdash-monitor.js';
import type { ChatDashConversation } from './chatdash-types.js';
import { chatdashAgentId, chatdashLastActivityMs, mapChatDashRow } from './map-chatdash-row.js';

/** `endDate` is compared with `createdAt`, which is never after the last activity: a margin keeps it inclusive. */
const END_DATE_MARGIN_MS = 1000;

const ERROR_TEXT_LIMIT = 200;

export const chatdashAdapter: AdapterDefinition<ChatDashConversation> = {
  contractVersion: ADAPTER_CONTRACT_VERSION,
  vendor: 'chatdash',
  bindingSchema: AGENT_ID_BINDING_SCHEMA,
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
      // `record` / `interacted` are left to the vendor's defaults (both true).
      query: until === undefined ? {} : { endDate: new Date(until + END_DATE_MARGIN_MS).toISOString() },
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

  describeError(status, body): VendorErrorDescription {
    const message =
      stringOrNull(asObject(body).message) ?? (typeof body === 'string' ? stringOrNull(body.slice(0, ERROR_TEXT_LIMIT)) : null);
    return { message: message ?? `ChatDash answered HTTP ${status}` };
  },
};
