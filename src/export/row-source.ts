import type { Row } from '../contract/index.js';
import type { SourceReport } from '../conversations/source-report.js';
import type { LinksReport } from '../links/row-links.js';
import type { TranscriptCounts, TranscriptFields } from './transcript-read-ahead.js';

/** A row as the export writes it: with `include=transcript`, its messages and transcript status too. */
export type ExportRow = Row & Partial<TranscriptFields>;

/**
 * An agent's merged, filtered rows one at a time, in the gateway's exact order, read
 * lazily: the export pulls a row only when its consumer has room for it.
 */
export interface RowSource {
  /** The next row, or undefined once the walk ended or was cut (see `complete()`). */
  next(): Promise<ExportRow | undefined>;
  /** Every row was returned (false while rows remain or after a source failed). */
  complete(): boolean;
  /** Why the walk ended before its last row, once it did. */
  cut(): ExportCut | undefined;
  /** Vendor calls made so far. */
  vendorCalls(): number;
  /** Rows returned so far. */
  count(): number;
  /** Where `cursor=` resumes after the last row returned; null once complete. */
  cursor(): Promise<string | null>;
  /** The next delta walk's token; only once complete. */
  syncToken(): string | undefined;
  /** With `include=transcript`: how many lines had each transcript status. */
  transcriptCounts(): TranscriptCounts | undefined;
  /** With `duplicates=link` or `hide`: what linking did over the whole walk. */
  linksReport?(): LinksReport | undefined;
  /** Every source's report over the whole walk, as in the page envelope. */
  reports(): SourceReport[];
  /** The consumer went away: read no more vendor pages. */
  close(): void;
}

/**
 * Why an export ended early: `calls` (it made `limits.maxVendorCallsPerExport` vendor
 * calls), `rate-limited` (its calls spent the caller's rate limit), `cancelled` (the gateway
 * is shutting down, or the caller left), `source-failed` (a source failed; see `sources`).
 */
export interface ExportCut {
  reason: 'calls' | 'rate-limited' | 'cancelled' | 'source-failed';
  message: string;
}
