import type { DetailCapability } from './conversation-detail.js';
import type { ImportedCopies } from './imported-copies.js';
import type { MapContext, SourceBinding, VendorRequest } from './exchange.js';
import type { MonitorCapability } from './monitor.js';
import type { MappedRow } from './row.js';
import type { PushDownFilters } from './push-down-filters.js';
import type { VendorEventsCapability } from './vendor-events.js';

/**
 * The adapter contract. Bump the version on any change an existing adapter would have to
 * follow; the registry refuses adapters written against another version. An optional
 * capability (`monitor`, `detail`) is no such change: an adapter without it still conforms.
 */
export const ADAPTER_CONTRACT_VERSION = 1 as const;

/**
 * How a vendor pages, as data. One paginator in the core reads it; adapters never loop.
 * - `page`: 1-based page numbers. Ends on an empty page, on a short page when
 *   `shortPageEnds`, or past `totalPages` when the vendor reports it.
 * - `cursor`: an opaque vendor cursor. Ends on a null cursor, `hasMore: false`, a
 *   repeated cursor or an empty page.
 * - `time-window`: newest first by the native key, each page asked for below a time
 *   (`position.before`, such as Vapi's `createdAtLe`/`createdAtLt`). The core holds back
 *   the records tied on the last key of a full page and asks for them whole on the next
 *   page, so no record is read twice; a page that is one tie only is asked for again twice
 *   as large (`RequestContext.pageSize` grows, up to `maxPageSize`), and only a tie larger
 *   than `maxPageSize` is sent whole with the next page strictly below it. Ends on a short
 *   page.
 * - `window`: one request returns the whole (filtered) window; nothing to page.
 * Kinds added later (`time-window`) are optional for existing adapters: no version bump.
 */
export type Pagination =
  | { kind: 'page'; maxPageSize: number; shortPageEnds: boolean }
  | { kind: 'cursor'; maxPageSize: number }
  | { kind: 'offset'; maxPageSize: number; shortPageEnds: boolean }
  | { kind: 'time-window'; maxPageSize: number }
  | { kind: 'window' };

/** An upper bound on the native key, epoch ms: below `at`, or at it too when `inclusive`. */
export interface TimeBound {
  at: number;
  inclusive: boolean;
}

/**
 * How a source's rows reach the gateway order (`lastActivityAt` desc, `id` asc).
 * - `native`: the vendor sorts descending by `nativeKey`, and a row's `lastActivityAt`
 *   is never later than its native key (equal in the usual case).
 * - `bounded-lag`: the vendor sorts descending by `nativeKey`, and a row's
 *   `lastActivityAt` is at most `maxLagSeconds` after it (a call's start plus its longest
 *   duration). The connection may override the default.
 * - `whole-window`: no usable order; the gateway reads the whole filtered window and sorts.
 */
export type OrderStrategy =
  | { kind: 'native' }
  | { kind: 'bounded-lag'; defaultMaxLagSeconds: number }
  | { kind: 'whole-window' };

/** Where the next vendor page starts; which member is set depends on the pagination kind. */
export interface PagePosition {
  /** `page` pagination: the 1-based page number. */
  page?: number;
  /** `cursor` pagination: the vendor cursor, null for the first page. */
  cursor?: string | null;
  /** `offset` pagination: the 0-based index of the page's first record in the vendor's list. */
  offset?: number;
  /** `time-window` pagination: records below this native key (absent for the first page). */
  before?: TimeBound;
  /** This page asks for another number of records than the walk's page size (a time window's tie filled a whole page; an offset walk stepped back to the top). */
  size?: number;
}

/** Time bounds the gateway allows an adapter to push down, in epoch milliseconds. */
export interface PushDownBounds {
  /** Rows need `lastActivityAt >= since`. */
  since?: number;
  /** Rows need `lastActivityAt < until`; a resumed walk also needs rows no later than the last one emitted. */
  until?: number;
  /** The lag the connection allows between native key and last activity, in ms. */
  lagMs: number;
}

/**
 * The native keys (epoch ms) a row that meets the time filters can have, for adapters
 * that push bounds down on their sort key: from `since` minus the lag (a call that started
 * that long before may still be active after it) to below `until` (a row's native key is
 * never after its last activity). Send it widened, never narrowed.
 */
export function nativeKeyWindow(bounds: PushDownBounds): { from?: number; below?: number } {
  return {
    ...(bounds.since === undefined ? {} : { from: bounds.since - bounds.lagMs }),
    ...(bounds.until === undefined ? {} : { below: bounds.until }),
  };
}

/**
 * The tighter of two upper bounds on the native key: a `time-window` adapter sends the
 * page's `position.before` and a pushed-down `until` as one bound.
 */
export function tighterBound(a: TimeBound | undefined, b: TimeBound | undefined): TimeBound | undefined {
  if (!a || !b) return a ?? b;
  if (a.at !== b.at) return a.at < b.at ? a : b;
  return a.inclusive ? b : a;
}

export interface RequestContext {
  binding: SourceBinding;
  /** The connection's credential (API key or token), already resolved from the config. */
  credential: string;
  pageSize: number;
  position: PagePosition;
  bounds: PushDownBounds;
  /** The caller asked for summaries (`include=summary` or a `q` search). */
  wantSummary: boolean;
  /** Row filters the adapter may push down (`push-down-filters.ts`); absent: none asked. */
  filters?: PushDownFilters;
}

/** A vendor response body read into records and paging facts. */
export interface VendorPage {
  records: unknown[];
  /** `cursor` pagination: the cursor of the next page, null or absent at the end. */
  nextCursor?: string | null;
  hasMore?: boolean;
  /** `page` pagination, where the vendor reports it. */
  totalPages?: number;
  /** `offset` pagination: how many records the whole list holds, where the vendor reports it. */
  totalRecords?: number;
  /** `time-window` pagination: the core sets it (never the adapter); null at the end. */
  nextBefore?: TimeBound | null;
  /** `time-window` pagination: the next page asks for this many records (the core sets it, for a tie that filled a page). */
  nextSize?: number;
}

/** A vendor error body turned into words for `sources[].error.message`. */
export interface VendorErrorDescription {
  /**
   * The vendor's own words about the error, or null when its body says nothing readable.
   * The core puts "<vendor> answered <status>" before it: never repeat that here.
   */
  message: string | null;
  /** The vendor's own error code or type, when it sends one. */
  vendorCode?: string;
}

/**
 * One vendor. Pure data and pure functions: no I/O, no state. The core calls
 * `buildRequest`, sends it through the one vendor client, then `parsePage`,
 * `nativeKey` and `mapRow` on what came back.
 */
export interface AdapterDefinition<Raw = unknown> {
  contractVersion: typeof ADAPTER_CONTRACT_VERSION;
  /** Adapter name, also the row's `vendor`: `convocore`. */
  vendor: string;
  /** JSON schema of this vendor's source-binding fields (besides `connection`). */
  bindingSchema: Record<string, unknown>;
  /** The vendor-side agent id a binding reads, for `vendorAgentId` and access checks. */
  vendorAgentId(binding: SourceBinding): string;
  /** User ids a binding ties to (Tether's `userId`), for the AGENT role. */
  boundUserIds(binding: SourceBinding): string[];
  pagination: Pagination;
  order: OrderStrategy;
  /**
   * Incremental sync: how long before a change shows in the vendor's list its row's
   * `lastActivityAt` may lie (post-call processing, replication). Default 60 seconds.
   */
  changeLagSeconds?: number;
  buildRequest(context: RequestContext): VendorRequest;
  /**
   * Reads a 2xx body; throws `VendorShapeError` when the body is not the vendor's shape.
   * `context` is the request's own (a vendor that sends a bare array can tell its short
   * last page by the page size asked for); callers that read a body alone may omit it.
   */
  parsePage(body: unknown, context?: RequestContext): VendorPage;
  /** The vendor's own sort key in epoch ms (null: the vendor sorts it last). */
  nativeKey(record: Raw): number | null;
  /** Maps one record; throws `RecordMappingError` when a required field is missing. */
  mapRow(record: Raw, context: MapContext): MappedRow;
  /** Reads a vendor error body (any status >= 400) into a message. */
  describeError(status: number, body: unknown): VendorErrorDescription;
  /** Optional: stalled-conversation signals or the vendor's own report (`monitor.ts`); absent: unsupported. */
  /** How the vendor signs the webhooks it sends, when it sends any (`POST /v1/vendor-events/{connection}`). */
  vendorEvents?: VendorEventsCapability;
  monitor?: MonitorCapability<Raw>;
  /** Optional: one conversation with its transcript (`conversation-detail.ts`), or why the vendor has none; absent: unsupported. */
  detail?: DetailCapability;
  /** Optional: the vendor imports other vendors' conversations and can find a copy by the original's id (`imported-copies.ts`). */
  copies?: ImportedCopies;
}

/** The body did not have the vendor's documented shape. */
export class VendorShapeError extends Error {
  override name = 'VendorShapeError';
}

/** One record could not be mapped; it is counted as `skipped` on its source. */
export class RecordMappingError extends Error {
  override name = 'RecordMappingError';
}
