import { csvCells, csvColumns } from './csv-columns.js';
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
 * trailers. The source is closed however the consumer stops.
 */
export async function* exportChunks(source: RowSource, format: ExportFormat, includeRaw: boolean): AsyncGenerator<string> {
  try {
    if (format === 'csv') yield csvRecord(csvColumns(includeRaw));
    let chunk = '';
    let rows = 0;
    for (let row = await source.next(); row !== undefined; row = await source.next()) {
      chunk += format === 'csv' ? csvRecord(csvCells(row, includeRaw)) : `${JSON.stringify(row)}\n`;
      rows += 1;
      if (rows === ROWS_PER_CHUNK) {
        yield chunk;
        chunk = '';
        rows = 0;
      }
    }
    if (format === 'ndjson') chunk += `${JSON.stringify({ trailer: await trailerOf(source) })}\n`;
    if (chunk !== '') yield chunk;
  } finally {
    source.close();
  }
}
