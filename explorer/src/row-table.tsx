import type { ComponentChild } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Row } from './api-types.js';
import { partialReason, SourceChips } from './source-chips.js';
import type { LoadedPage, Walk } from './use-paged-walk.js';

export interface Column<R> {
  label: string;
  name: string;
  cell(row: R): ComponentChild;
}

interface RowTableProps<R extends Row> {
  label: string;
  walk: Walk<R>;
  columns: Column<R>[];
  noun: string;
  onOpen(row: R, page: LoadedPage<R>): void;
}

/** How far below the window the next page is asked for, so scrolling rarely meets the skeleton. */
const LOOKAHEAD_PX = 800;
const FIRST_SKELETON_ROWS = 12;
const NEXT_SKELETON_ROWS = 6;

/**
 * Every loaded page of a walk as one table, each page headed by its sources' chips. The
 * next page loads when the end comes near; rows have a fixed height and skeleton rows hold
 * the place of a page in flight, so nothing above moves when it arrives. One row at a time
 * is in the tab order; the arrow keys move between rows and Enter opens one.
 */
export function RowTable<R extends Row>({ label, walk, columns, noun, onOpen }: RowTableProps<R>) {
  const sentinel = useRef<HTMLDivElement>(null);
  const table = useRef<HTMLTableElement>(null);
  const [active, setActive] = useState(0);
  const { pages, hasMore, loading, error, loadNext } = walk;
  const rowCount = pages.reduce((sum, page) => sum + page.rows.length, 0);

  useEffect(() => {
    const element = sentinel.current;
    if (!element) return;
    const observer = new IntersectionObserver((entries) => entries.some((entry) => entry.isIntersecting) && loadNext(), {
      rootMargin: `0px 0px ${LOOKAHEAD_PX}px 0px`,
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [loadNext]);

  // The observer reports changes only: when a page arrives and the end is still near, ask again.
  useEffect(() => {
    const element = sentinel.current;
    if (!element || loading || !hasMore || error) return;
    if (element.getBoundingClientRect().top < window.innerHeight + LOOKAHEAD_PX) loadNext();
  }, [pages.length, loading, hasMore, error, loadNext]);

  useEffect(() => setActive(0), [pages.length === 0]);

  const focusRow = (index: number) => {
    const rows = table.current?.querySelectorAll<HTMLTableRowElement>('tr.row[data-index]');
    if (!rows || rows.length === 0) return;
    const target = rows[Math.max(0, Math.min(rows.length - 1, index))]!;
    target.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    const row = target.closest<HTMLElement>('tr.row[data-index]');
    // A link in a cell (the contact's) follows itself.
    if (!row || target.closest('a')) return;
    const index = Number(row.dataset.index);
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: rowCount - 1, PageDown: index + 10, PageUp: index - 10 };
    if (event.key in moves) {
      event.preventDefault();
      focusRow(moves[event.key]!);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      row.click();
    }
  };

  let index = 0;
  return (
    <div class="list">
      <table class="rows" ref={table} aria-label={label} aria-busy={loading} onKeyDown={onKeyDown}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.name} scope="col" class={`col-${column.name}`}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        {pages.map((page) => (
          <tbody key={page.number} class="page" data-page={page.number}>
            <tr class="page-head">
              <th colSpan={columns.length} scope="rowgroup">
                <span class="page-number">Page {page.number}</span>
                <SourceChips sources={page.sources} />
                {page.partial && (
                  <p class="partial-banner" role="status">
                    Page {page.number} is partial: {partialReason(page.sources)}, so some of its conversations may be missing.
                  </p>
                )}
              </th>
            </tr>
            {page.rows.map((row) => {
              const position = index++;
              return (
                <tr
                  key={row.id}
                  class="row"
                  data-index={position}
                  data-row-id={row.id}
                  tabIndex={position === active ? 0 : -1}
                  onFocus={() => setActive(position)}
                  onClick={() => onOpen(row, page)}
                >
                  {columns.map((column) => (
                    <td key={column.name} class={`col-${column.name}`} data-label={column.label}>
                      {column.cell(row)}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        ))}
        {loading && (
          <tbody class="skeleton" aria-hidden="true">
            {Array.from({ length: pages.length === 0 ? FIRST_SKELETON_ROWS : NEXT_SKELETON_ROWS }, (_, n) => (
              <tr key={n} class="row skeleton-row">
                <td colSpan={columns.length}>
                  <span class="bone" />
                </td>
              </tr>
            ))}
          </tbody>
        )}
      </table>
      <div ref={sentinel} class="sentinel" />
      {error && (
        <div class="error-banner" role="alert">
          <span>
            Could not read the next page: {error.message}
          </span>
          <button type="button" onClick={loadNext}>
            Try again
          </button>
        </div>
      )}
      {!hasMore && !loading && (
        <p class="end" role="status" data-rows={rowCount}>
          {rowCount === 0 ? `No ${noun} match.` : `End of the list: ${rowCount} ${noun}.`}
        </p>
      )}
    </div>
  );
}
