import {
  RecordMappingError,
  transcriptSupport,
  type DetailRead,
  type MappedDetail,
  type Message,
} from '../contract/index.js';
import type { AgentSource } from '../agents/agent-directory.js';
import { NO_USAGE, withRead, type SourceUsage } from '../merge/source-usage.js';
import type { ReadContext } from '../upstream/read-context.js';
import type { VendorClient } from '../upstream/vendor-client.js';
import { VendorFailure, type SourceErrorCode } from '../upstream/vendor-failure.js';
import type { FinishedDetails } from './finished-details.js';

/**
 * `transcript` of a conversation: read (`ok`), none published by the vendor (`unsupported`),
 * none for this conversation yet (`unavailable`), or the read failed (`error`, with the
 * source's code, as in `sources[].error`).
 */
export type TranscriptReport =
  | { status: 'ok' }
  | { status: 'unsupported' | 'unavailable'; reason: string }
  | { status: 'error'; error: { code: SourceErrorCode; message: string } };

/** A detail as read: what was mapped, the vendor's bodies by read, and what reading it cost. */
export interface DetailResult {
  detail: MappedDetail;
  bodies: Record<string, unknown>;
  usage: SourceUsage;
  /** Served from the kept details of finished conversations, or the vendor page cache. */
  cached: boolean;
  /** Served from the kept details of finished conversations. */
  kept: boolean;
}

/**
 * A conversation's detail through the pipeline: every read of the adapter at once (each
 * one a vendor call of the request's context: deadline, budget, caller), each body parsed
 * by its own read, all mapped. A finished conversation no longer changes: its detail is
 * kept (`finished`, when given) and served from there. Throws `VendorFailure` (a vendor 404 is
 * `VENDOR_NOT_FOUND`: no such conversation for this binding).
 */
export async function readDetail(
  client: VendorClient,
  finished: FinishedDetails | undefined,
  source: AgentSource,
  detail: DetailRead,
  conversationId: string,
  context: ReadContext,
): Promise<DetailResult> {
  const { connection, runtime } = source;
  const kept = await finished?.find(connection, conversationId);
  if (kept) return { ...kept, usage: NO_USAGE, cached: true, kept: true };
  const requestContext = { binding: runtime.binding, credential: connection.credential, conversationId };
  let usage = NO_USAGE;
  const parsed = await Promise.all(
    Object.entries(detail.reads).map(async ([name, step]) => {
      const started = Date.now();
      try {
        const response = await client.read(connection, step.buildRequest(requestContext), context, {
          kind: `detail:${name}`,
          read: (body, bytes) => ({ value: { body, parsed: step.parse(body) }, sizeBytes: bytes * 3 }),
        });
        usage = withRead(usage, Date.now() - started, response);
        return [name, response.value] as const;
      } catch (error) {
        usage = withRead(usage, Date.now() - started, { failedAfter: VendorFailure.from(error).requests });
        throw error;
      }
    }),
  );
  let mapped: MappedDetail;
  try {
    mapped = detail.map(Object.fromEntries(parsed.map(([name, value]) => [name, value.parsed])), { binding: runtime.binding });
  } catch (error) {
    if (error instanceof RecordMappingError || error instanceof TypeError) throw new VendorFailure('VENDOR_BAD_RESPONSE', `the conversation could not be mapped: ${error.message}`);
    throw error;
  }
  const bodies = Object.fromEntries(parsed.map(([name, value]) => [name, value.body]));
  if (finished && isFinished(mapped)) await finished.keep(connection, conversationId, { detail: mapped, bodies });
  return { detail: mapped, bodies, usage, cached: usage.requests === 0 && usage.pages > 0 && usage.cached, kept: false };
}

/** What a read detail says of its transcript, and the messages to answer (none unless `ok`). */
export function transcriptOf(detail: DetailRead, mapped: MappedDetail): { transcript: TranscriptReport; messages: Message[] } {
  const support = transcriptSupport(detail);
  if (!support.supported) return { transcript: { status: 'unsupported', reason: support.reason }, messages: [] };
  if (mapped.messages.length === 0) {
    return { transcript: { status: 'unavailable', reason: 'the vendor has no transcript for this conversation (yet)' }, messages: [] };
  }
  return { transcript: { status: 'ok' }, messages: mapped.messages };
}

/** The transcript a failed read leaves: the source's code and message, as a page reports a failed source. */
export function failedTranscript(failure: VendorFailure): TranscriptReport {
  return { status: 'error', error: { code: failure.code, message: failure.message } };
}

/** A conversation that ended does not change any more. */
function isFinished(detail: MappedDetail): boolean {
  const { row } = detail;
  return row.endedAt !== null || row.conversationState === 'resolved' || row.conversationState === 'failed';
}
