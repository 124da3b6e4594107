import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Page, Row } from './api-types.js';
import type { LoadedPage } from './use-paged-walk.js';

/** Reads one page of a walk again, at the cursor that asked for it, with `include`. */
export type PageRereader = (cursor: string | null, signal: AbortSignal | undefined, include: string) => Promise<Page<Row>>;

export interface OpenRow {
  open: { row: Row; page: LoadedPage<Row> } | null;
  show(row: Row, page: LoadedPage<Row>): void;
  close(): void;
  /** The vendor's record of the open row. */
  readRaw(row: Row): Promise<unknown>;
}

/** The row whose drawer is open in a list; a new `key` (another walk) closes it. */
export function useOpenRow(rereadPage: PageRereader, key: string): OpenRow {
  const [open, setOpen] = useState<OpenRow['open']>(null);
  useEffect(() => setOpen(null), [key]);
  const close = useCallback(() => setOpen(null), []);
  // The cursor may change `include` between pages, so the same page is read again with the raw records.
  const readRaw = async (row: Row) => {
    const page = await rereadPage(open?.page.cursor ?? null, undefined, 'raw');
    const found = page.rows.find((candidate) => candidate.id === row.id);
    if (!found) throw new Error('the row is no longer on its page: the vendor data changed since it was read');
    return found.raw ?? null;
  };
  return { open, show: (row, page) => setOpen({ row, page }), close, readRaw };
}
