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
  type SourceBinding,
  type VendorErrorDescription,
  type VendorPage,
  type VendorRequest,
} from '../../src/contract/index.js';
import { elevenlabsMonitor } from './elevenlabs-monitor.js';
import type { ElevenLabsConversation } from './elevenlabs-types.js';
import { mapElevenLabsRow } from './map-elevenlabs-row.js';

export const ELEVENLABS_CONVERSATIONS_PATH = '/v1/convai/conversations';

function agentIdOf(binding: SourceBinding): string {
  return String(binding.agentId);
}

/**
 * Only time bounds are pushed down, and only widened: the vendor's time filters are
 * exclusive and in whole seconds, and a row's last activity may be up to the lag after
 * its call start, so `since` moves back by the lag.
 */
function buildRequest(context: RequestContext): VendorRequest {
  const { bounds, position } = context;
  const query: Record<string, string | number> = {
    agent_id: agentIdOf(context.binding),
    page_size: context.pageSize,
  };
  if (typeof position.cursor === 'string') query.cursor = position.cursor;
  if (context.wantSummary) query.summary_mode = 'include';
  // Whole seconds, both ends exclusive: widened by a second each way.
  const native = nativeKeyWindow(bounds);
  if (native.below !== undefined) query.call_start_before_unix = Math.ceil(native.below / 1000) + 1;
  if (native.from !== undefined) query.call_start_after_unix = Math.floor(native.from / 1000) - 1;
  return {
    method: 'GET',
    path: ELEVENLABS_CONVERSATIONS_PATH,
    query,
    headers: { 'xi-api-key': context.credential, accept: 'application/json' },
  };
}

function parsePage(body: unknown): VendorPage {
  const page = asObject(body);
  if (!Array.isArray(page.conversations)) {
    throw new VendorShapeError('ElevenLabs response has no conversations array');
  }
  return {
    records: page.conversations,
    nextCursor: stringOrNull(page.next_cursor),
    hasMore: typeof page.has_more === 'boolean' ? page.has_more : undefined,
  };
}

function describeIssue(issue: Record<string, unknown>): string {
  const where = Array.isArray(issue.loc) ? issue.loc.join('.') : '';
  const what = stringOrNull(issue.msg) ?? 'invalid';
  return where === '' ? what : `${where}: ${what}`;
}

/** 422 details are a list of `{ loc, msg, type }`; every other error is `{ status, message }`. */
function describeError(status: number, body: unknown): VendorErrorDescription {
  const detail = asObject(body).detail;
  if (Array.isArray(detail) && detail.length > 0) {
    const issues = detail.map((item) => asObject(item));
    return {
      message: issues.map(describeIssue).join('; '),
      vendorCode: stringOrNull(issues[0]!.type) ?? undefined,
    };
  }
  if (typeof detail === 'string' && detail !== '') return { message: detail };
  const object = asObject(detail);
  return {
    message: stringOrNull(object.message) ?? stringOrNull(asObject(body).message) ?? `ElevenLabs answered ${status}`,
    vendorCode: stringOrNull(object.status) ?? undefined,
  };
}

export const elevenlabsAdapter: AdapterDefinition<ElevenLabsConversation> = {
  contractVersion: ADAPTER_CONTRACT_VERSION,
  vendor: 'elevenlabs',
  bindingSchema: AGENT_ID_BINDING_SCHEMA,
  vendorAgentId: agentIdOf,
  boundUserIds: () => [],
  pagination: { kind: 'cursor', maxPageSize: 100 },
  // Sorted by call start; a row's last activity is its start plus the call's duration.
  order: { kind: 'bounded-lag', defaultMaxLagSeconds: 7200 },
  changeLagSeconds: 900,
  buildRequest,
  parsePage,
  nativeKey: (record) => epochToMs(record.start_time_unix_secs),
  mapRow: mapElevenLabsRow,
  describeError,
  monitor: elevenlabsMonitor,
};
