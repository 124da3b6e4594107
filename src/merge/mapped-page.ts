import { RecordMappingError, rowVendorAgentId, type MappedRow, type Row, type TimeBound, type VendorPage } from '../contract/index.js';
import { contactFieldsOf } from '../contacts/contact-key.js';
import { compareKeys, type RowKey } from './row-key.js';
import { mergeSortedInSlices, RECORDS_PER_SLICE, yieldToEventLoop } from './slices.js';
import type { SourceRuntime } from './source-runtime.js';

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
  nextBefore?: TimeBound | null;
  nextSize?: number;
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

/**
 * Maps every record of a parsed vendor page into rows and keys, once. A large page is
 * mapped and sorted in slices, yielding to the event loop between them.
 */
export async function mapPage(source: SourceRuntime, page: VendorPage, bodyBytes: number): Promise<MappedPage> {
  const records: MappedRecord[] = [];
  const signatures: string[] = [];
  const bindingAgentId = source.adapter.vendorAgentId(source.binding);
  for (let start = 0; start < page.records.length; start += RECORDS_PER_SLICE) {
    if (start > 0) await yieldToEventLoop();
    const slice = page.records.slice(start, start + RECORDS_PER_SLICE).map((record) => mapRecord(source, bindingAgentId, record));
    for (const record of slice) records.push(record);
    signatures.push(slice.map((record) => record.row?.id ?? '?').join('\n'));
  }
  return {
    records,
    ordered: await gatewayOrder(records),
    signature: signatures.join('\n'),
    ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    ...(page.hasMore === undefined ? {} : { hasMore: page.hasMore }),
    ...(page.totalPages === undefined ? {} : { totalPages: page.totalPages }),
    ...(page.nextBefore === undefined ? {} : { nextBefore: page.nextBefore }),
    ...(page.nextSize === undefined ? {} : { nextSize: page.nextSize }),
    sizeBytes: Math.ceil(Math.max(1, bodyBytes) * BYTES_PER_BODY_BYTE),
  };
}

function mapRecord(source: SourceRuntime, bindingAgentId: string, record: unknown): MappedRecord {
  const { adapter, binding } = source;
  if (nestedDeeperThan(record, MAX_RECORD_DEPTH)) return {};
  const nativeKey = attempt(() => adapter.nativeKey(record));
  const mapped = attempt(() => adapter.mapRow(record, { binding }));
  const keyed = nativeKey === undefined ? {} : { nativeKey };
  if (!mapped) return keyed;
  const row = rowOf(source, bindingAgentId, mapped, record);
  const lastActivityMs = row.lastActivityAt === null ? null : Date.parse(row.lastActivityAt);
  return { ...keyed, row, key: { t: Number.isFinite(lastActivityMs) ? lastActivityMs : null, id: row.id } };
}

/**
 * A mapped record as the gateway's row: its id, source and vendor, the binding's agent,
 * the contact normalized (src/contacts/), access, the vendor's record.
 */
export function rowOf(source: Pick<SourceRuntime, 'name' | 'adapter' | 'defaultRegion'>, bindingAgentId: string, mapped: MappedRow, record: unknown): Row {
  return {
    id: `${source.name}:${mapped.conversationId}`,
    source: source.name,
    vendor: source.adapter.vendor,
    ...mapped,
    ...contactFieldsOf(mapped.contactPhone, mapped.contactEmail, source.defaultRegion),
    vendorAgentId: rowVendorAgentId(mapped, bindingAgentId),
    hasAccess: mapped.hasAccess ?? true,
    originalId: mapped.originalId ?? null,
    linkedIds: [],
    raw: record,
  };
}

/** The mapped records' indexes sorted by row key; a repeated id keeps its first place in the vendor's order. */
async function gatewayOrder(records: MappedRecord[]): Promise<number[]> {
  const seen = new Set<string>();
  const indexes: number[] = [];
  for (let index = 0; index < records.length; index += 1) {
    if (index > 0 && index % RECORDS_PER_SLICE === 0) await yieldToEventLoop();
    const row = records[index]!.row;
    if (!row || seen.has(row.id)) continue;
    seen.add(row.id);
    indexes.push(index);
  }
  return sortInSlices(indexes, (a, b) => compareKeys(records[a]!.key!, records[b]!.key!) || a - b);
}

/**
 * A merge sort that sorts slices, then merges runs, yielding to the event loop between
 * steps: O(n log n) whatever the input order, and no step longer than one slice.
 */
async function sortInSlices<T>(items: T[], compare: (a: T, b: T) => number): Promise<T[]> {
  let runs: T[][] = [];
  for (let start = 0; start < items.length; start += RECORDS_PER_SLICE) {
    if (start > 0) await yieldToEventLoop();
    runs.push(items.slice(start, start + RECORDS_PER_SLICE).sort(compare));
  }
  while (runs.length > 1) {
    const merged: T[][] = [];
    for (let index = 0; index < runs.length; index += 2) {
      await yieldToEventLoop();
      merged.push(index + 1 < runs.length ? await mergeSortedInSlices(runs[index]!, runs[index + 1]!, compare) : runs[index]!);
    }
    runs = merged;
  }
  return runs[0] ?? [];
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
