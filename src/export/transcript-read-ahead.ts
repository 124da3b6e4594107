import { detailBelongsToBinding, isDetailRead, transcriptSupport, type Message, type Row } from '../contract/index.js';
import type { AgentSource } from '../agents/agent-directory.js';
import type { FinishedDetails } from '../conversations/finished-details.js';
import { failedTranscript, readDetail, transcriptOf, type TranscriptReport } from '../conversations/read-detail.js';
import type { SourceWalk } from '../merge/source-walk.js';
import type { ReadContext } from '../upstream/read-context.js';
import type { VendorClient } from '../upstream/vendor-client.js';
import { VendorFailure } from '../upstream/vendor-failure.js';

/** What an exported line says of its conversation with `include=transcript`. */
export interface TranscriptFields {
  transcript: TranscriptReport;
  messages: Message[];
}

export type TranscriptCounts = Record<TranscriptReport['status'], number>;

/**
 * Transcripts held (read or being read, not yet written) per vendor call the connection may
 * have open: reads done early wait for their rows' turn behind other sources' rows while
 * the connection's calls go on with the next rows.
 */
const HELD_PER_CALL = 4;

export interface TranscriptReadAheadOptions {
  client: VendorClient;
  finished: FinishedDetails;
  /** The export's sources by connection name. */
  sources: readonly AgentSource[];
  /** The context of one detail read: the export's budget and caller, a deadline of its own. */
  contextOf(): ReadContext;
}

/**
 * The detail reads of an export with transcripts, run ahead of the rows it writes: for each
 * source, the next rows its walk holds (read, matching, unsent), as many at once as the
 * connection's concurrency, topped up as each read ends, up to four times that many held, so
 * the vendor's detail latency overlaps the writing. The reads go through the one pipeline and
 * out of the export's call budget. Only the rows a walk will send are read ahead, and nothing
 * is taken from the walk before its transcript is there: a cut export's cursor stays right
 * after the last row written.
 */
export class TranscriptReadAhead {
  private readonly pending = new Map<string, Promise<TranscriptFields>>();
  private readonly inFlight = new Map<string, number>();
  private readonly byName: Map<string, AgentSource>;
  private readonly tally: TranscriptCounts = { ok: 0, unsupported: 0, unavailable: 0, error: 0 };
  private closed = false;

  constructor(private readonly options: TranscriptReadAheadOptions) {
    this.byName = new Map(options.sources.map((source) => [source.runtime.name, source]));
  }

  /** Starts the detail reads of the next rows each walk holds, as many at once as its connection's concurrency. */
  ahead(walks: readonly SourceWalk[]): void {
    for (const walk of walks) this.fill(walk);
  }

  /** The export ended: no more reads start (those in flight stop with the export's context). */
  close(): void {
    this.closed = true;
  }

  private fill(walk: SourceWalk): void {
    const source = this.byName.get(walk.source.name);
    if (this.closed || !source || !isDetailRead(source.runtime.adapter.detail)) return;
    const calls = Math.max(1, source.connection.maxConcurrency);
    for (const row of walk.upcoming(HELD_PER_CALL * calls)) {
      if ((this.inFlight.get(source.runtime.name) ?? 0) >= calls) return;
      if (!this.pending.has(row.id)) this.start(source, row, walk);
    }
  }

  /** One row's detail read, counted in flight for its source; when it ends, the source's next rows are topped up. */
  private start(source: AgentSource, row: Row, walk?: SourceWalk): Promise<TranscriptFields> {
    const name = source.runtime.name;
    this.inFlight.set(name, (this.inFlight.get(name) ?? 0) + 1);
    const reading = this.read(source, row).finally(() => {
      this.inFlight.set(name, this.inFlight.get(name)! - 1);
      if (walk) this.fill(walk);
    });
    // A read the export stopped throws when its row is written; one never written is dropped quietly.
    reading.catch(() => undefined);
    this.pending.set(row.id, reading);
    return reading;
  }

  /**
   * The transcript of the row about to be written. A detail read the export itself stopped
   * (its vendor calls spent, its caller gone) throws that `VendorFailure`: the row is not
   * written, the export ends before it. Any other failure is the line's `transcript` error.
   */
  async of(row: Row): Promise<TranscriptFields> {
    const source = this.byName.get(row.source);
    // Held until it settles: the row is still its walk's next, and `ahead` must not read it again.
    const pending = this.pending.get(row.id) ?? (source ? this.start(source, row) : Promise.resolve(unsupported('the row has no source of this export')));
    try {
      const fields = await pending;
      this.tally[fields.transcript.status] += 1;
      return fields;
    } finally {
      this.pending.delete(row.id);
    }
  }

  /** How many written lines had each transcript status. */
  counts(): TranscriptCounts {
    return { ...this.tally };
  }

  private async read(source: AgentSource, row: Row): Promise<TranscriptFields> {
    const detail = source.runtime.adapter.detail;
    if (!isDetailRead(detail)) {
      const support = transcriptSupport(detail);
      return unsupported(support.supported ? 'the vendor has no detail read' : support.reason);
    }
    try {
      const read = await readDetail(this.options.client, this.options.finished, source, detail, row.conversationId, this.options.contextOf());
      if (!detailBelongsToBinding(detail, read.detail, source.runtime.adapter.vendorAgentId(source.runtime.binding))) {
        return { transcript: failedTranscript(new VendorFailure('VENDOR_BAD_RESPONSE', "the vendor's detail record names another agent than its list did")), messages: [] };
      }
      return transcriptOf(detail, read.detail);
    } catch (error) {
      const failure = VendorFailure.from(error);
      if (failure.code === 'CALL_CAP_REACHED' || failure.code === 'CANCELLED') throw failure;
      if (failure.code === 'VENDOR_NOT_FOUND') return { transcript: { status: 'unavailable', reason: 'the vendor no longer has this conversation' }, messages: [] };
      return { transcript: failedTranscript(failure), messages: [] };
    }
  }
}

function unsupported(reason: string): TranscriptFields {
  return { transcript: { status: 'unsupported', reason }, messages: [] };
}
