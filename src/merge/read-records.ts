import { RecordMappingError, type Row } from '../contract/index.js';
import type { SourceRuntime } from './source-walk.js';

/** One vendor record as the walk sees it: its native key and its row, if it maps. */
export interface ReadRecord {
  /** undefined when the record is too broken to say. */
  nativeKey: number | null | undefined;
  row?: Row;
  lastActivityMs: number | null;
}

/** Maps a page's records into rows; a record that fails mapping keeps only its native key. */
export function readRecords(source: SourceRuntime, records: unknown[]): ReadRecord[] {
  const { adapter, binding, name } = source;
  return records.map((record) => {
    const nativeKey = attempt(() => adapter.nativeKey(record));
    const mapped = attempt(() => adapter.mapRow(record, { binding }));
    if (!mapped) return { nativeKey, lastActivityMs: null };
    const lastActivityMs = mapped.lastActivityAt === null ? null : Date.parse(mapped.lastActivityAt);
    const row: Row = {
      id: `${name}:${mapped.conversationId}`,
      source: name,
      vendor: adapter.vendor,
      ...mapped,
      hasAccess: mapped.hasAccess ?? true,
      raw: record,
    };
    return { nativeKey, row, lastActivityMs: Number.isFinite(lastActivityMs) ? lastActivityMs : null };
  });
}

/** A broken record must not break the page: a throw here means "skip this record". */
function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (error instanceof RecordMappingError || error instanceof TypeError || error instanceof RangeError) return undefined;
    throw error;
  }
}
