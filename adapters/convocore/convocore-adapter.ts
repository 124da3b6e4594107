import {
  ADAPTER_CONTRACT_VERSION,
  AGENT_ID_BINDING_SCHEMA,
  VendorShapeError,
  asObject,
  stringOrNull,
  type AdapterDefinition,
  type SourceBinding,
  type VendorErrorDescription,
  type VendorPage,
} from '../../src/contract/index.js';
import { convocoreDetail } from './convocore-detail.js';
import { convocoreMonitor } from './convocore-monitor.js';
import type { ConvocoreConversation } from './convocore-types.js';
import { convocoreActivityMs, mapConvocoreRow } from './map-convocore-row.js';

const MAX_PAGE_SIZE = 100;

function agentIdOf(binding: SourceBinding): string {
  return String(binding['agentId']);
}

export const convocoreAdapter: AdapterDefinition<ConvocoreConversation> = {
  contractVersion: ADAPTER_CONTRACT_VERSION,
  vendor: 'convocore',
  bindingSchema: AGENT_ID_BINDING_SCHEMA,
  vendorAgentId: agentIdOf,
  boundUserIds: () => [],
  // Pages can be short before the end: the vendor drops "empty" conversations after slicing a page.
  pagination: { kind: 'page', maxPageSize: MAX_PAGE_SIZE, shortPageEnds: false },
  // Newest first by `ts`, which is the last activity; the vendor takes no filters to push down.
  order: { kind: 'native' },
  changeLagSeconds: 60,

  buildRequest(context) {
    return {
      method: 'GET',
      path: `/agents/${encodeURIComponent(agentIdOf(context.binding))}/convos`,
      query: {
        page: context.position.page ?? 1,
        limit: context.pageSize,
      },
      headers: { authorization: `Bearer ${context.credential}`, accept: 'application/json' },
    };
  },

  parsePage(body): VendorPage {
    const data = asObject(body)['data'];
    if (!Array.isArray(data)) throw new VendorShapeError('Convocore response has no `data` array');
    return { records: data };
  },

  // The very expression `lastActivityAt` is mapped from: native order is the gateway's order.
  nativeKey: convocoreActivityMs,

  mapRow: mapConvocoreRow,

  monitor: convocoreMonitor,

  detail: convocoreDetail,

  describeError(_status, body): VendorErrorDescription {
    const error = asObject(body);
    const issues = Array.isArray(error['issues'])
      ? error['issues'].map((issue) => stringOrNull(asObject(issue)['message'])).filter((text) => text !== null)
      : [];
    const message = stringOrNull(error['message']);
    const code = stringOrNull(error['code']);
    return {
      message: issues.length > 0 ? `${message}: ${issues.join('; ')}` : message,
      ...(code === null ? {} : { vendorCode: code }),
    };
  },
};
