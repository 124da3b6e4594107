import { RecordMappingError, type Row, type VendorPage } from '../contract/index.js';
import { compareKeys, type RowKey } from './row-key.js';
import type { SourceRuntime } from './source-walk.js';

/** One vendor record as every walk sees it: its native key and its row, if it maps. */
export interface MappedRecord {
  /** The vendor's sort key in epoch ms; absent when the record is too broken to say. */
  nativeKey?: number | null;
  /** Absent when the record could not be mapped (it counts as skipped). */
  row?: Row;
  /** The row's place in the gateway order, with the row. */
  key?: RowKey;
}

/**
 * A vendor page parsed, mapped and keyed once, when it arrives: what the page cache keeps
 * and every request that needs the page reads. Plain JSON data, so another replica can
 * share it.
 */
export interface MappedPage {
  /** Every record of the page, in the vendor's order. */
  records: MappedRecord[];
  /** Indexes of the records that mapped, in the gateway order (each id once). */
  ordered: number[];
  /** The records' ids in the vendor's order (`?` for one that did not map): the same page again has the same one. */
  signature: string;
  nextCursor?: string | null;
  hasMore?: boolean;
  totalPages?: number;
  /** What the page holds in memory, about: the cache's budget counts this. */
  sizeBytes: number;
}

/** Vendor JSON nested deeper than this in one record is not mapped (it is skipped and counted). */
export const MAX_RECORD_DEPTH = 64;

/**
 * A mapped page (the parsed records plus their rows) holds 2.6 to 3.3 times its body's
 * text in memory, measured on the simulators' pages by `npm run bench:page-memory`.
 */
const BYTES_PER_BODY_BYTE = 3.5;

/** Maps every record of a parsed vendor page into rows and keys, once. */
export function mapPage(source: SourceRuntime, page: VendorPage, bodyBytes: number): MappedPage {
  const records = page.records.map((record) => mapRecord(source, record));
  return {
    records,
    ordered: gatewayOrder(records),
    signature: records.map((record) => record.row?.id ?? '?').join('\n'),
    ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    ...(page.hasMore === undefined ? {} : { hasMore: page.hasMore }),
    ...(page.totalPages === undefined ? {} : { totalPages: page.totalPages }),
    sizeBytes: Math.ceil(Math.max(1, bodyBytes) * BYTES_PER_BODY_BYTE),
  };
}

function mapRecord(source: SourceRuntime, record: unknown): MappedRecord {
  const { adapter, binding, name } = source;
  if (nestedDeeperThan(record, MAX_RECORD_DEPTH)) return {};
  const nativeKey = attempt(() => adapter.nativeKey(record));
  const mapped = attempt(() => adapter.mapRow(record, { binding }));
  const keyed = nativeKey === undefined ? {} : { nativeKey };
  if (!mapped) return keyed;
  const lastActivityMs = mapped.lastActivityAt === null ? null : Date.parse(mapped.lastActivityAt);
  const row: Row = {
    id: `${name}:${mapped.conversationId}`,
    source: name,
    vendor: adapter.vendor,
    ...mapped,
    hasAccess: mapped.hasAccess ?? true,
    raw: record,
  };
  return { ...keyed, row, key: { t: Number.isFinite(lastActivityMs) ? lastActivityMs : null, id: row.id } };
}

/** The mapped records' indexes sorted by row key; a repeated id keeps its first place in the vendor's order. */
function gatewayOrder(records: MappedRecord[]): number[] {
  const seen = new Set<string>();
  const indexes: number[] = [];
  records.forEach((record, index) => {
    if (!record.row || seen.has(record.row.id)) return;
    seen.add(record.row.id);
    indexes.push(index);
  });
  return indexes.sort((a, b) => compareKeys(records[a]!.key!, records[b]!.key!) || a - b);
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

/** Iterative, so a hostile record cannot exhaust the stack while being measured. */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(current)) {
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: depth + 1 });
    }
  }
  return false;
}
