import { useCallback, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Page, SourceReport } from './api-types.js';

/** One page as it was read: the cursor that asked for it is kept, so the page can be read again (with raw records). */
export interface LoadedPage<R> {
  number: number;
  cursor: string | null;
  rows: R[];
  sources: SourceReport[];
  partial: boolean;
}

export type PageReader<R> = (cursor: string | null, signal: AbortSignal) => Promise<Page<R>>;

export interface Walk<R> {
  pages: LoadedPage<R>[];
  hasMore: boolean;
  loading: boolean;
  error: Error | null;
  loadNext(): void;
}

interface WalkState<R> {
  pages: LoadedPage<R>[];
  hasMore: boolean;
  loading: boolean;
  error: Error | null;
}

/**
 * Follows `nextCursor` a page at a time, on demand (infinite scroll). A new `key` (agent,
 * filters, token) starts a new walk and abandons the old one's request.
 */
export function usePagedWalk<R>(read: PageReader<R> | null, key: string): Walk<R> {
  const [state, setState] = useState<WalkState<R>>({ pages: [], hasMore: true, loading: read !== null, error: null });
  const reader = useRef(read);
  reader.current = read;
  const walk = useRef({ controller: new AbortController(), busy: false, cursor: null as string | null, hasMore: true, count: 0 });

  const loadNext = useCallback(() => {
    const current = walk.current;
    const readPage = reader.current;
    if (!readPage || current.busy || !current.hasMore) return;
    current.busy = true;
    const { controller, cursor } = current;
    setState((previous) => ({ ...previous, loading: true, error: null }));
    readPage(cursor, controller.signal).then(
      (page) => {
        if (controller.signal.aborted) return;
        current.busy = false;
        current.cursor = page.pagination.nextCursor;
        current.hasMore = page.pagination.hasMore && page.pagination.nextCursor !== null;
        current.count += 1;
        const loaded: LoadedPage<R> = { number: current.count, cursor, rows: page.rows, sources: page.sources, partial: page.partial };
        setState((previous) => ({ pages: [...previous.pages, loaded], hasMore: current.hasMore, loading: false, error: null }));
      },
      (error: Error) => {
        if (controller.signal.aborted) return;
        current.busy = false;
        setState((previous) => ({ ...previous, loading: false, error }));
      },
    );
  }, []);

  // A layout effect, not a plain one: the first request leaves before the first paint.
  useLayoutEffect(() => {
    const controller = new AbortController();
    walk.current = { controller, busy: false, cursor: null, hasMore: true, count: 0 };
    setState({ pages: [], hasMore: true, loading: reader.current !== null, error: null });
    loadNext();
    return () => controller.abort();
  }, [key, loadNext]);

  return { ...state, loadNext };
}
