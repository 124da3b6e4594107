import type { MapContext, SourceBinding, VendorRequest } from './exchange.js';

/**
 * The optional monitor capability of an adapter (contract version 1, compatible: an
 * adapter without it keeps working and its sources report `MONITOR_UNSUPPORTED`).
 * The gateway applies one set of rules to every vendor (docs/monitor.md):
 * - `ai_stuck`: the AI owns the conversation and the contact's latest message has gone
 *   unanswered for at least the threshold;
 * - `agent_abandoned`: a human was asked for or holds the conversation and no human has
 *   replied for at least the threshold.
 * An adapter supplies either signals read from its ordinary records or its vendor's own
 * report; it never guesses a signal it does not have.
 */

export const STALL_CATEGORIES = ['ai_stuck', 'agent_abandoned'] as const;
export type StallCategory = (typeof STALL_CATEGORIES)[number];

/** What one ordinary record tells about a possible stall. Times are epoch ms. */
export interface StallSignals {
  /** The AI answers this conversation (no human asked for or holding it). */
  aiOwned: boolean;
  /** A human was asked for or holds the conversation; wins over `aiOwned`. */
  humanRequestedOrHeld: boolean;
  /** The contact's latest message, or the vendor's nearest stand-in (named in `signals`); null: unknown. */
  latestInboundAt: number | null;
  /** The AI's latest reply, null when none is known after the contact's message. */
  latestAiReplyAt: number | null;
  /** A human's latest reply, null when none is known. */
  latestHumanReplyAt: number | null;
  assigneeNames: string[];
}

interface MonitorCapabilityBase {
  /** The categories this adapter can detect; any other is reported unsupported on its sources. */
  categories: readonly StallCategory[];
  /** One or two sentences: which vendor fields are used and what they cannot tell. Shown on each source. */
  signals: string;
}

/** Signals derived from the adapter's ordinary conversation records (the ones `mapRow` reads). */
export interface SignalMonitor<Raw = unknown> extends MonitorCapabilityBase {
  kind: 'signals';
  /** null: the record cannot be stalled (ended) or carries no usable signal. */
  stallSignals(record: Raw, context: MapContext): StallSignals | null;
}

export interface ReportRequestContext {
  binding: SourceBinding;
  credential: string;
  /** 1-based report page. */
  page: number;
  pageSize: number;
  /** One category when only one is asked; both otherwise. */
  category?: StallCategory;
}

/** One page of a vendor's own monitor report. */
export interface ReportPage {
  records: unknown[];
  totalPages?: number;
  totalCount?: number;
  /** When the vendor computed the report (epoch ms), null when it does not say. */
  generatedAt?: number | null;
  /** The vendor's own threshold, for the source's report (the gateway applies its own). */
  thresholdMinutes?: number;
  /** The vendor has no data to report from yet: its rows are unknown, not absent. */
  snapshotMissing?: boolean;
}

/** One stalled conversation as the vendor's report names it. */
export interface ReportedStall {
  conversationId: string;
  category: StallCategory;
  latestInboundAt: number | null;
  assigneeNames: string[];
  hasAccess: boolean | null;
}

/**
 * The vendor's own report, read natively across every page. Its rows are joined with the
 * binding's ordinary records by conversation id: the report says what is stalled, the
 * binding says which of it belongs to the agent, and the row is the ordinary row.
 */
export interface ReportMonitor extends MonitorCapabilityBase {
  kind: 'report';
  maxPageSize: number;
  buildReportRequest(context: ReportRequestContext): VendorRequest;
  /** Throws `VendorShapeError` when the body is not the vendor's report shape. */
  parseReportPage(body: unknown): ReportPage;
  /** Throws `RecordMappingError` for a row it cannot read (counted as skipped). */
  readStall(record: unknown): ReportedStall;
}

export type MonitorCapability<Raw = unknown> = SignalMonitor<Raw> | ReportMonitor;
