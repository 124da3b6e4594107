import {
  ADAPTER_CONTRACT_VERSION,
  bindingSchemaOf,
  VendorShapeError,
  asObject,
  epochToMs,
  stringOrNull,
  nativeKeyWindow,
  type AdapterDefinition,
  type PushDownFilters,
  type RequestContext,
  type SourceBinding,
  type VendorErrorDescription,
  type VendorPage,
  type VendorRequest,
} from '../../src/contract/index.js';
import { elevenlabsDetail } from './elevenlabs-detail.js';
import { elevenlabsMonitor } from './elevenlabs-monitor.js';
import { elevenlabsEvents } from './elevenlabs-events.js';
import type { ElevenLabsConversation } from './elevenlabs-types.js';
import { mapElevenLabsRow } from './map-elevenlabs-row.js';

export const ELEVENLABS_CONVERSATIONS_PATH = '/v1/convai/conversations';

function agentIdOf(binding: SourceBinding): string {
  return String(binding.agentId);
}

/**
 * The gateway's row filters the vendor can apply to the same fields, widened where units
 * differ (the gateway still filters exactly): duration in whole seconds, success, rating
 * (the row rounds the vendor's rating, so bounds move out by half a star and are left off
 * where they would reach outside 1–5), and a single tag (the vendor does not say how
 * several `tag_ids` combine).
 */
export function pushedDownFilters(filters: PushDownFilters | undefined): Record<string, string | number> {
  const query: Record<string, string | number> = {};
  if (!filters) return query;
  if (filters.minDurationSec !== undefined && filters.minDurationSec > 0) query.call_duration_min_secs = Math.floor(filters.minDurationSec);
  if (filters.maxDurationSec !== undefined && filters.maxDurationSec >= 0) query.call_duration_max_secs = Math.ceil(filters.maxDurationSec);
  if (filters.successful !== undefined) query.call_successful = filters.successful ? 'success' : 'failure';
  const ratingMin = filters.minRating === undefined ? undefined : Math.floor(filters.minRating - 0.5);
  const ratingMax = filters.maxRating === undefined ? undefined : Math.ceil(filters.maxRating + 0.5);
  if (ratingMin !== undefined && ratingMin >= 1 && ratingMin <= 5) query.rating_min = ratingMin;
  if (ratingMax !== undefined && ratingMax >= 1 && ratingMax <= 5) query.rating_max = ratingMax;
  if (filters.tags?.length === 1) query.tag_ids = filters.tags[0]!;
  return query;
}

/**
 * Time bounds are pushed down widened: the vendor's time filters are exclusive and in
 * whole seconds, and a row's last activity may be up to the lag after its call start, so
 * `since` moves back by the lag. The binding's `branchId` pins `branch_id`.
 */
function buildRequest(context: RequestContext): VendorRequest {
  const { bounds, position } = context;
  const query: Record<string, string | number> = {
    agent_id: agentIdOf(context.binding),
    page_size: context.pageSize,
    ...pushedDownFilters(context.filters),
  };
  if (typeof context.binding.branchId === 'string') query.branch_id = context.binding.branchId;
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
function describeError(_status: number, body: unknown): VendorErrorDescription {
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
    message: stringOrNull(object.message) ?? stringOrNull(asObject(body).message),
    vendorCode: stringOrNull(object.status) ?? undefined,
  };
}

export const elevenlabsAdapter: AdapterDefinition<ElevenLabsConversation> = {
  contractVersion: ADAPTER_CONTRACT_VERSION,
  vendor: 'elevenlabs',
  bindingSchema: bindingSchemaOf(
    {
      agentId: { type: 'string', minLength: 1, description: "ElevenLabs' agent id (`agent_id`)" },
      branchId: { type: 'string', minLength: 1, description: 'pins `branch_id`: one branch of the agent only (production, not a test branch)' },
    },
    ['agentId'],
  ),
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
  detail: elevenlabsDetail,
  vendorEvents: elevenlabsEvents,
};
