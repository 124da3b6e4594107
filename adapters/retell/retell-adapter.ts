import {
  ADAPTER_CONTRACT_VERSION,
  AGENT_ID_BINDING_SCHEMA,
  VendorShapeError,
  asObject,
  epochToMs,
  stringOrNull,
  nativeKeyWindow,
  type AdapterDefinition,
  type RequestContext,
  type VendorRequest,
} from '../../src/contract/index.js';
import { mapRetellRow } from './map-retell-row.js';
import { retellDetail } from './retell-detail.js';
import { retellEvents } from './retell-events.js';
import { retellAgentId, type RetellCall, type RetellFilterCriteria, type RetellListRequest } from './retell-types.js';

export const RETELL_LIST_CALLS_PATH = '/v3/list-calls';
const MAX_LIMIT = 1000;

/**
 * v3's typed start filter for the native-key window: a range when both ends are known
 * (`bt` is inclusive, so the upper end is only widened), else one `ge` / `lt` bound.
 */
function startFilter(window: { from?: number; below?: number }): RetellFilterCriteria['start_timestamp'] {
  const { from, below } = window;
  if (from !== undefined && below !== undefined) return { op: 'bt', type: 'range', value: [from, below] };
  if (from !== undefined) return { op: 'ge', type: 'number', value: from };
  if (below !== undefined) return { op: 'lt', type: 'number', value: below };
  return undefined;
}

/**
 * A POST that only reads. Start-time bounds are pushed down widened: `until` as is (a call
 * starts before its last activity), `since` back by the lag (a call that started that long
 * before may still be active after it).
 */
function buildRequest(context: RequestContext): VendorRequest {
  const start = startFilter(nativeKeyWindow(context.bounds));
  const body: RetellListRequest = {
    filter_criteria: { agent: [{ agent_id: retellAgentId(context.binding) }], ...(start ? { start_timestamp: start } : {}) },
    sort_order: 'descending',
    limit: context.pageSize,
    ...(typeof context.position.cursor === 'string' ? { pagination_key: context.position.cursor } : {}),
  };
  return { method: 'POST', path: RETELL_LIST_CALLS_PATH, headers: { authorization: `Bearer ${context.credential}`, accept: 'application/json' }, body };
}

export const retellAdapter: AdapterDefinition<RetellCall> = {
  contractVersion: ADAPTER_CONTRACT_VERSION,
  vendor: 'retell',
  bindingSchema: AGENT_ID_BINDING_SCHEMA,
  vendorAgentId: retellAgentId,
  boundUserIds: () => [],
  pagination: { kind: 'cursor', maxPageSize: MAX_LIMIT },
  // Sorted by call start, descending; a call's last activity is its end, at most its longest duration later.
  order: { kind: 'bounded-lag', defaultMaxLagSeconds: 7200 },
  changeLagSeconds: 900,
  buildRequest,
  parsePage(body) {
    const page = asObject(body);
    if (!Array.isArray(page.items)) throw new VendorShapeError('Retell list-calls response has no items array');
    return { records: page.items, nextCursor: stringOrNull(page.pagination_key), hasMore: typeof page.has_more === 'boolean' ? page.has_more : undefined };
  },
  nativeKey: (call) => epochToMs(call.start_timestamp),
  mapRow: mapRetellRow,
  describeError(_status, body) {
    return { message: stringOrNull(asObject(body).message) ?? (typeof body === 'string' && body !== '' ? body.slice(0, 200) : null) };
  },
  detail: retellDetail,
  vendorEvents: retellEvents,
};
