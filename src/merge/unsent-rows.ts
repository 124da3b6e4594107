import type { PagePosition, Row } from '../contract/index.js';
import { compareKeys, type RowKey } from './row-key.js';
import { mergeSorted } from './slices.js';

/** A row a walk read and has not sent yet, and where it was read. */
export interface UnsentRow {
  row: Row;
  key: RowKey;
  /** Its place in the vendor's order over the walk. */
  readOrder: number;
  position: PagePosition;
  nativeKey: number | null;
}

/**
 * The rows a source walk read and has not sent, earliest first in the gateway order. Rows
 * leave from the front; pages arrive in any order and are merged in one linear pass.
 */
export class UnsentRows {
  private rows: UnsentRow[] = [];
  private start = 0;

  /** The earliest unsent row. */
  first(): UnsentRow | undefined {
    return this.rows[this.start];
  }

  /** The earliest `count` unsent rows, earliest first. */
  firstRows(count: number): Row[] {
    return this.rows.slice(this.start, this.start + count).map((item) => item.row);
  }

  /** Takes the earliest unsent row out. */
  shift(): UnsentRow | undefined {
    const item = this.rows[this.start];
    if (!item) return undefined;
    this.start += 1;
    // Taken rows are dropped in bulk, now and then, not one by one.
    if (this.start >= 1024 && this.start * 2 >= this.rows.length) {
      this.rows = this.rows.slice(this.start);
      this.start = 0;
    }
    return item;
  }

  /** Every unsent row, earliest first. */
  *[Symbol.iterator](): Iterator<UnsentRow> {
    for (let index = this.start; index < this.rows.length; index += 1) yield this.rows[index]!;
  }

  /** Both lists are in the gateway order: append when the new rows all come later, else one linear merge. */
  add(arriving: UnsentRow[]): void {
    if (arriving.length === 0) return;
    const last = this.rows[this.rows.length - 1];
    if (this.start === this.rows.length || compareKeys(last!.key, arriving[0]!.key) < 0) {
      for (const item of arriving) this.rows.push(item);
      return;
    }
    this.rows = mergeSorted(this.rows.slice(this.start), arriving, (a, b) => compareKeys(a.key, b.key));
    this.start = 0;
  }
}
