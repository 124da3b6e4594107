import { csvCells, csvColumns, type ExportIncludes } from './csv-columns.js';
import { csvRecord } from './csv-encoding.js';
import { trailerOf } from './export-trailer.js';
import type { RowSource } from './row-source.js';

export type ExportFormat = 'ndjson' | 'csv';

/** Rows joined into one chunk at most: fewer socket writes, and a bound on what waits in memory. */
const ROWS_PER_CHUNK = 32;

/**
 * The export's body, chunk by chunk. A chunk is produced only when the consumer asks for
 * one, so a slow reader pauses the walk (and with it the vendor reads). NDJSON ends with
 * the trailer line; CSV starts with the header record and leaves the trailer to the HTTP
 * trailers. Every chunk passes `scrub` (configured secrets blanked out, as in any answer).
 * The source is closed however the consumer stops.
 */
export async function* exportChunks(
  source: RowSource,
  format: ExportFormat,
  include: ExportIncludes,
  scrub: (text: string) => string = (text) => text,
): AsyncGenerator<string> {
  try {
    if (format === 'csv') yield csvRecord(csvColumns(include));
    let chunk = '';
    let rows = 0;
    for (let row = await source.next(); row !== undefined; row = await source.next()) {
      chunk += format === 'csv' ? csvRecord(csvCells(row, include)) : `${JSON.stringify(row)}\n`;
      rows += 1;
      if (rows === ROWS_PER_CHUNK) {
        yield scrub(chunk);
        chunk = '';
        rows = 0;
      }
    }
    if (format === 'ndjson') chunk += `${JSON.stringify({ trailer: await trailerOf(source) })}\n`;
    if (chunk !== '') yield scrub(chunk);
  } finally {
    source.close();
  }
}
