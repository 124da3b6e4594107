import { describe, expect, it } from 'vitest';
import type { PagePosition } from '../../src/contract/index.js';
import { pagesToReadAhead, type PageLogEntry } from '../../src/merge/pages-to-read-ahead.js';


const MINUTE = 60_000;
const log = (...entries: [PagePosition, number | null | undefined][]): PageLogEntry[] => entries.map(([position, frontier]) => ({ position, frontier }));

describe('pagesToReadAhead', () => {
  it('the pages after the resume page up to the one whose frontier passed the head', () => {
    const pages = log([{ page: 1 }, 50 * MINUTE], [{ page: 2 }, 40 * MINUTE], [{ page: 3 }, 30 * MINUTE], [{ page: 4 }, 20 * MINUTE]);
    // The head at minute 35 was proved in order by page 3 (frontier 30): pages 2 and 3 come with page 1.
    expect(pagesToReadAhead(pages, { page: 1 }, { t: 35 * MINUTE, id: 'x' }, 0)).toEqual([{ page: 2 }, { page: 3 }]);
    expect(pagesToReadAhead(pages, { page: 2 }, { t: 35 * MINUTE, id: 'x' }, 0)).toEqual([{ page: 3 }]);
    // A head the resume page itself proves needs nothing more.
    expect(pagesToReadAhead(pages, { page: 1 }, { t: 55 * MINUTE, id: 'x' }, 0)).toEqual([]);
  });

  it('a head at the frontier itself is not proved by that page', () => {
    const pages = log([{ page: 1 }, 50 * MINUTE], [{ page: 2 }, 40 * MINUTE]);
    expect(pagesToReadAhead(pages, { page: 1 }, { t: 50 * MINUTE, id: 'x' }, 0)).toEqual([{ page: 2 }]);
  });

  it('counts the lag: a frontier proves only rows newer than it plus the lag', () => {
    const pages = log([{ page: 1 }, 50 * MINUTE], [{ page: 2 }, 40 * MINUTE], [{ page: 3 }, 30 * MINUTE]);
    expect(pagesToReadAhead(pages, { page: 1 }, { t: 55 * MINUTE, id: 'x' }, 10 * MINUTE)).toEqual([{ page: 2 }]);
  });

  it('at most three pages', () => {
    const pages = log(...Array.from({ length: 8 }, (_, index): [PagePosition, number] => [{ cursor: `c${index}` }, (80 - index) * MINUTE]));
    expect(pagesToReadAhead(pages, { cursor: 'c0' }, { t: 0, id: 'x' }, 0)).toEqual([{ cursor: 'c1' }, { cursor: 'c2' }, { cursor: 'c3' }]);
  });

  it('a page with no native key yet proves nothing; a page in the null tail proves every timed head', () => {
    const pages = log([{ page: 1 }, undefined], [{ page: 2 }, null], [{ page: 3 }, null]);
    expect(pagesToReadAhead(pages, { page: 1 }, { t: 5, id: 'x' }, 0)).toEqual([{ page: 2 }]);
    expect(pagesToReadAhead(pages, { page: 1 }, { t: null, id: 'x' }, 0)).toEqual([{ page: 2 }, { page: 3 }]);
  });

  it('nothing when the resume page is not in the log, or is its last page', () => {
    const pages = log([{ page: 1 }, 50 * MINUTE], [{ page: 2 }, 40 * MINUTE]);
    expect(pagesToReadAhead(pages, { page: 7 }, { t: 0, id: 'x' }, 0)).toEqual([]);
    expect(pagesToReadAhead(pages, { page: 2 }, { t: 0, id: 'x' }, 0)).toEqual([]);
    expect(pagesToReadAhead(log([{ cursor: null }, 50], [{ cursor: 'b' }, 40]), { cursor: null }, { t: 0, id: 'x' }, 0)).toEqual([{ cursor: 'b' }]);
  });
});
