import type { MapContext, SourceBinding, VendorRequest } from './exchange.js';
import type { MappedRow } from './row.js';

/**
 * The optional detail read of an adapter: one conversation by its vendor id, with what was
 * said in it. Optional, so contract version 1 still holds (an adapter without it keeps
 * working and its rows have no transcript); the core sends the reads through the same
 * vendor client as list pages. Data and pure functions only, like the rest of the contract.
 */

export const MESSAGE_ROLES = ['agent', 'user', 'human', 'system', 'tool'] as const;
/** `agent` is the AI, `human` a person who took over (live agent, transfer target), `tool` a call the agent made. */
export type MessageRole = (typeof MESSAGE_ROLES)[number];

/** A tool the agent called, with its result folded in from wherever the vendor put it. */
export interface ToolCall {
  name: string;
  /** Parsed when the vendor sends JSON text, else as sent. */
  arguments: unknown;
  /** null until (or unless) the vendor reports a result. */
  result: unknown;
}

/** One message of a transcript, the same shape for every vendor. */
export interface Message {
  role: MessageRole;
  /** What was said; for a `tool` message the tool's name. */
  text: string;
  /** When it was said, ISO 8601 UTC; null when the vendor gives no time. */
  at: string | null;
  /** Seconds from the conversation's start, where the vendor measures them (calls). */
  offsetSec: number | null;
  endOffsetSec: number | null;
  /** The contact cut this turn short, where the vendor marks it; absent otherwise. */
  interrupted?: true;
  toolCall?: ToolCall;
}

/** The vendor's own judgement of the conversation, named plainly; the verdict itself is the row's `successful`. */
export interface ConversationAnalysis {
  /** The evaluation as the vendor sends it: a rubric's result or score, criteria results, a reason. */
  evaluation: unknown;
  /** What the vendor extracted from the conversation, field by field. */
  collected: Record<string, unknown> | null;
}

/**
 * One conversation as the detail read maps it. The row comes from the detail record itself,
 * so the core can answer it without a list read; the summary is the row's `summary`.
 */
export interface MappedDetail {
  row: MappedRow;
  /**
   * The agent the record says it belongs to, in the binding's terms (what `vendorAgentId`
   * gives for a binding that reads it); null when the record names none, or names a part of
   * the agent the binding does not read (another branch). See `detailBelongsToBinding`.
   */
  recordAgentId: string | null;
  /** In spoken order. Empty when the vendor has none for this conversation (yet). */
  messages: Message[];
  recordingUrl: string | null;
  analysis: ConversationAnalysis | null;
}

export interface DetailRequestContext {
  binding: SourceBinding;
  credential: string;
  /** The vendor's own conversation id (the row's `conversationId`). */
  conversationId: string;
}

/** One vendor request of a detail read. A vendor 404 on any read means no such conversation for this binding. */
export interface DetailReadStep<Parsed> {
  buildRequest(context: DetailRequestContext): VendorRequest;
  /** Reads a 2xx body; throws `VendorShapeError` when it is not the vendor's shape. */
  parse(body: unknown): Parsed;
}

/**
 * A vendor's detail read: named requests that need nothing but the context (so the core may
 * send them at once), and one mapping of all their parsed bodies.
 */
export interface DetailRead<Parsed extends Record<string, unknown> = Record<string, unknown>> {
  reads: { [Name in keyof Parsed]: DetailReadStep<Parsed[Name]> };
  /**
   * Who keeps another agent's conversation out: `request` when the vendor's path names the
   * agent and it answers 404 for another's; `record` when the vendor answers any conversation
   * the credential can see and only the record's agent tells (so a record naming none is refused).
   */
  ownership: 'request' | 'record';
  /** Set when the read answers the row but the vendor publishes no transcript: why, in a sentence. */
  transcriptUnsupported?: string;
  /** Throws `RecordMappingError` when the record lacks what the row needs. */
  map(parsed: Parsed, context: MapContext): MappedDetail;
}

/** A vendor with no public detail read says why, so the API can. */
export interface DetailUnsupported {
  unsupported: string;
}

export type DetailCapability = DetailRead | DetailUnsupported;

export function isDetailRead(detail: DetailCapability | undefined): detail is DetailRead {
  return detail !== undefined && 'reads' in detail;
}

/** Whether a transcript can be read at all, and if not, why (an adapter without `detail` declares none). */
export function transcriptSupport(detail: DetailCapability | undefined): { supported: true } | { supported: false; reason: string } {
  if (detail === undefined) return { supported: false, reason: 'The adapter declares no conversation detail read.' };
  if (!isDetailRead(detail)) return { supported: false, reason: detail.unsupported };
  return detail.transcriptUnsupported === undefined ? { supported: true } : { supported: false, reason: detail.transcriptUnsupported };
}

/** Whether a mapped detail may be answered for a binding whose agent is `bindingAgentId`. */
export function detailBelongsToBinding(read: Pick<DetailRead, 'ownership'>, detail: Pick<MappedDetail, 'recordAgentId'>, bindingAgentId: string): boolean {
  if (detail.recordAgentId !== null) return detail.recordAgentId === bindingAgentId;
  return read.ownership === 'request';
}

/** Tool arguments and results often come as JSON text: parsed when they are, else kept as sent. */
export function jsonOrText(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? null;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** A message's wall time from the call's start (epoch ms) and its offset in seconds. */
export function offsetToIso(startMs: number | null, offsetSec: number | null): string | null {
  return startMs === null || offsetSec === null ? null : new Date(startMs + Math.round(offsetSec * 1000)).toISOString();
}
