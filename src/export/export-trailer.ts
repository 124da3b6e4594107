import type { SourceReport } from '../conversations/source-report.js';
import type { ExportCut, RowSource } from './row-source.js';
import type { TranscriptCounts } from './transcript-read-ahead.js';
import type { LinksReport } from '../links/row-links.js';

/** The last NDJSON line (`{"trailer": …}`) and, for CSV, the HTTP trailers. */
export interface ExportTrailer {
  /** Data rows written before this trailer. */
  rows: number;
  /** Every row of the walk was written; false: cut short, resume with `cursor`. */
  complete: boolean;
  /** Not complete, a source reported an error (stale pages, unmappable records…), or a transcript could not be read. */
  partial: boolean;
  /** `cursor=` for the page endpoint or the export, resuming after the last row written; null when complete. */
  cursor: string | null;
  /** When complete: `syncToken=` walks only what changed since this export began. */
  syncToken?: string;
  /** Why it ended before its last row (not complete): resume with `cursor`. */
  cut?: ExportCut;
  /** Vendor calls the export made (each `limits.vendorCallsPerRateLimitUnit` of them cost the caller one unit of its rate limit). */
  vendorCalls: number;
  sources: SourceReport[];
  /** With `include=transcript`: how many lines had each transcript status. */
  transcripts?: TranscriptCounts;
  /** With `duplicates=link` or `hide`: rows whose links could not all be confirmed, copies left out. */
  links?: LinksReport;
}


export async function trailerOf(source: RowSource): Promise<ExportTrailer> {
  const sources = source.reports();
  const complete = source.complete();
  const syncToken = source.syncToken();
  const cut = source.cut();
  const transcripts = source.transcriptCounts();
  const links = source.linksReport?.();
  return {
    rows: source.count(),
    complete,
    partial: !complete || sources.some((report) => report.error !== undefined) || (transcripts?.error ?? 0) > 0,
    cursor: await source.cursor(),
    ...(syncToken === undefined ? {} : { syncToken }),
    ...(cut === undefined ? {} : { cut }),
    vendorCalls: source.vendorCalls(),
    sources,
    ...(transcripts ? { transcripts } : {}),
    ...(links ? { links } : {}),
  };
}
