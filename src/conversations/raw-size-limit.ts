import type { Row } from '../contract/index.js';

/** What a page's answer holds beside its rows' vendor records (pagination, sources, the rows' own fields), about. */
const ANSWER_BYTES_BESIDE_RAW = 64 * 1024;
const ROW_BYTES_BESIDE_RAW = 2 * 1024;

/** What stands in a row's `raw` when the vendor record alone would pass the answer's limit. */
export interface OmittedRaw {
  omitted: true;
  /** The record's size as JSON text. */
  bytes: number;
  reason: string;
}

/**
 * `include=raw` puts every vendor record into the answer, and one record can be megabytes:
 * a page with it stops taking rows once the answer would pass `limits.maxResponseBytes`
 * (fewer rows than `limit`, `hasMore` true, the next page goes on from there). A record
 * that alone passes the limit is sent as the page's first row with its `raw` replaced by
 * an `OmittedRaw` marker, and counted.
 */
export class RawSizeLimit {
  private left: number;
  private omitted = 0;
  private held = false;

  constructor(private readonly maxBytes: number) {
    this.left = maxBytes - ANSWER_BYTES_BESIDE_RAW;
  }

  /** Whether `row` fits in what is left; a row that does not ends the page (unless it is the page's first). */
  fits(row: Row, first: boolean): boolean {
    const bytes = rawBytes(row);
    if (bytes + ROW_BYTES_BESIDE_RAW <= this.left || first) {
      this.left -= Math.min(bytes, this.left) + ROW_BYTES_BESIDE_RAW;
      return true;
    }
    this.held = true;
    return false;
  }

  /** The row as the page sends it: its record replaced by a marker when it alone passes the limit. */
  present(row: Row): Row {
    const bytes = rawBytes(row);
    if (bytes + ROW_BYTES_BESIDE_RAW + ANSWER_BYTES_BESIDE_RAW <= this.maxBytes) return row;
    this.omitted += 1;
    const raw: OmittedRaw = { omitted: true, bytes, reason: `the vendor record passes limits.maxResponseBytes (${this.maxBytes} bytes); read it from the vendor` };
    return { ...row, raw };
  }

  /** What the limit did to the page, when it did anything. */
  report(): { maxBytes: number; rowsHeldBack: boolean; rawOmitted: number } | undefined {
    return this.held || this.omitted > 0 ? { maxBytes: this.maxBytes, rowsHeldBack: this.held, rawOmitted: this.omitted } : undefined;
  }
}

const sizes = new WeakMap<object, number>();

function rawBytes(row: Row): number {
  const raw = row.raw;
  if (raw === null || typeof raw !== 'object') return raw === undefined ? 0 : JSON.stringify(raw).length;
  let bytes = sizes.get(raw);
  if (bytes === undefined) {
    bytes = JSON.stringify(raw).length;
    sizes.set(raw, bytes);
  }
  return bytes;
}
