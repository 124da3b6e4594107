import type { SourceReport } from '../conversations/source-report.js';
import type { RowSource } from './row-source.js';

/** The last NDJSON line (`{"trailer": …}`) and, for CSV, the HTTP trailers. */
export interface ExportTrailer {
  /** Data rows written before this trailer. */
  rows: number;
  /** Every row of the walk was written; false: cut short, resume with `cursor`. */
  complete: boolean;
  /** Not complete, or a source reported an error (stale pages, unmappable records…). */
  partial: boolean;
  /** `cursor=` for the page endpoint or the export, resuming after the last row written; null when complete. */
  cursor: string | null;
  /** When complete: `syncToken=` walks only what changed since this export began. */
  syncToken?: string;
  sources: SourceReport[];
}

export function trailerOf(source: RowSource): ExportTrailer {
  const sources = source.reports();
  const complete = source.complete();
  const syncToken = source.syncToken();
  return {
    rows: source.count(),
    complete,
    partial: !complete || sources.some((report) => report.error !== undefined),
    cursor: source.cursor(),
    ...(syncToken === undefined ? {} : { syncToken }),
    sources,
  };
}
