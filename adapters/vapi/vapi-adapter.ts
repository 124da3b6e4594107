import {
  ADAPTER_CONTRACT_VERSION,
  bindingSchemaOf,
  VendorShapeError,
  asObject,
  isoToMs,
  msToIso,
  stringOrNull,
  nativeKeyWindow,
  tighterBound,
  type AdapterDefinition,
  type RequestContext,
  type VendorErrorDescription,
  type VendorRequest,
} from '../../src/contract/index.js';
import { mapVapiRow } from './map-vapi-row.js';
import { vapiDetail } from './vapi-detail.js';
import { vapiEvents } from './vapi-events.js';
import { vapiAssistantId, type VapiCall } from './vapi-types.js';

export const VAPI_CALLS_PATH = '/call';
const MAX_LIMIT = 1000;

/**
 * Vapi pages by time window: the page's `position.before` is `createdAtLe`/`createdAtLt`
 * (the core holds back a tie at the end of a page and asks for it whole). `until` is safe
 * to push down as `createdAtLt` too (a call is created before its last activity); `since`
 * moves back by the lag (a call created that long before may still be active after it).
 */
function buildRequest(context: RequestContext): VendorRequest {
  const { bounds } = context;
  const query: Record<string, string | number> = {
    assistantId: vapiAssistantId(context.binding),
    limit: context.pageSize,
  };
  const native = nativeKeyWindow(bounds);
  const until = native.below === undefined ? undefined : { at: native.below, inclusive: false };
  const upper = tighterBound(context.position.before, until);
  if (upper) query[upper.inclusive ? 'createdAtLe' : 'createdAtLt'] = msToIso(upper.at)!;
  if (native.from !== undefined) query.createdAtGe = msToIso(native.from)!;
  return { method: 'GET', path: VAPI_CALLS_PATH, query, headers: { authorization: `Bearer ${context.credential}`, accept: 'application/json' } };
}

function describeError(_status: number, body: unknown): VendorErrorDescription {
  const error = asObject(body);
  const messages = Array.isArray(error.message) ? error.message.map(stringOrNull).filter((text) => text !== null) : [stringOrNull(error.message)];
  const message = messages.filter((text) => text !== null).join('; ');
  const vendorCode = stringOrNull(error.error);
  return { message: message || vendorCode || null, ...(vendorCode === null ? {} : { vendorCode }) };
}

export const vapiAdapter: AdapterDefinition<VapiCall> = {
  contractVersion: ADAPTER_CONTRACT_VERSION,
  vendor: 'vapi',
  bindingSchema: bindingSchemaOf({ assistantId: { type: 'string', minLength: 1, description: "the Vapi assistant's id" } }, ['assistantId']),
  vendorAgentId: vapiAssistantId,
  boundUserIds: () => [],
  // A bare array, newest first, paged by time window (`createdAtLe` = the last call's `createdAt`).
  pagination: { kind: 'time-window', maxPageSize: MAX_LIMIT },
  // Newest first by createdAt (paging by createdAtLe needs it); last activity is at most a call's length later.
  order: { kind: 'bounded-lag', defaultMaxLagSeconds: 7200 },
  changeLagSeconds: 900,
  buildRequest,
  parsePage(body) {
    if (!Array.isArray(body)) throw new VendorShapeError('Vapi GET /call: expected a JSON array of calls');
    return { records: body as VapiCall[] };
  },
  nativeKey: (call) => isoToMs(call.createdAt),
  mapRow: mapVapiRow,
  describeError,
  detail: vapiDetail,
  vendorEvents: vapiEvents,
};
