import { describe, expect, it } from 'vitest';
import type { PagePosition } from '../../src/contract/index.js';
import type { MappedPage } from '../../src/merge/mapped-page.js';
import { pagesToReadAhead, WalkPageReads, type PageLogEntry } from '../../src/merge/walk-page-reads.js';

const emptyPage = (signature: string): MappedPage => ({ records: [], ordered: [], signature, sizeBytes: 1 });

/** A reader that records each read (position and page size) and answers with a page named after the position. */
function recordingReader() {
  const reads: string[] = [];
  const read = async (position: PagePosition, pageSize: number) => {
    const name = position.page !== undefined ? `page ${position.page}` : `cursor ${position.cursor ?? 'first'}`;
    reads.push(`${name} of ${pageSize}`);
    return emptyPage(name);
  };
  return { reads, read };
}

describe('WalkPageReads', () => {
  it('reads each position asked for, with the walk page size, and counts the reads', async () => {
    const reader = recordingReader();
    const reads = new WalkPageReads(reader.read, 7, 10);
    expect(reads.count).toBe(0);
    expect((await reads.read({ page: 1 })).signature).toBe('page 1');
    expect((await reads.read({ cursor: 'abc' })).signature).toBe('cursor abc');
    expect((await reads.read({ cursor: null })).signature).toBe('cursor first');
    expect(reader.reads).toEqual(['page 1 of 7', 'cursor abc of 7', 'cursor first of 7']);
    expect(reads.count).toBe(3);
  });

  it('refuses a read past the page cap, as a page-cap failure, without reading', async () => {
    const reader = recordingReader();
    const reads = new WalkPageReads(reader.read, 5, 2);
    await reads.read({ page: 1 });
    await reads.read({ page: 2 });
    await expect(reads.read({ page: 3 })).rejects.toMatchObject({ name: 'VendorFailure', code: 'PAGE_CAP_REACHED', message: 'read 2 vendor pages in one request without reaching a row to send' });
    expect(reader.reads).toHaveLength(2);
    expect(reads.count).toBe(2);
  });

  it('starts pages read ahead at once and hands each out to the one read that asks for it', async () => {
    const reader = recordingReader();
    const reads = new WalkPageReads(reader.read, 3, 10);
    reads.readAhead([{ page: 2 }, { page: 3 }, { page: 2 }]);
    expect(reader.reads).toEqual(['page 2 of 3', 'page 3 of 3']);
    expect(reads.count).toBe(2);
    expect((await reads.read({ page: 3 })).signature).toBe('page 3');
    expect((await reads.read({ page: 2 })).signature).toBe('page 2');
    expect(reader.reads).toHaveLength(2);
    // Handed out once: the same position again is a new read.
    await reads.read({ page: 2 });
    expect(reader.reads).toEqual(['page 2 of 3', 'page 3 of 3', 'page 2 of 3']);
  });

  it('tells page numbers from vendor cursors, and the first cursor from the text "null"', async () => {
    const reader = recordingReader();
    const reads = new WalkPageReads(reader.read, 3, 10);
    reads.readAhead([{ cursor: '1' }, { cursor: null }]);
    await reads.read({ page: 1 });
    await reads.read({ cursor: 'null' });
    expect(reader.reads).toEqual(['cursor 1 of 3', 'cursor first of 3', 'page 1 of 3', 'cursor null of 3']);
  });

  it('reads ahead no further than the page cap, and counts those reads against it', async () => {
    const reader = recordingReader();
    const reads = new WalkPageReads(reader.read, 3, 2);
    reads.readAhead([{ page: 2 }, { page: 3 }, { page: 4 }]);
    expect(reader.reads).toEqual(['page 2 of 3', 'page 3 of 3']);
    await expect(reads.read({ page: 1 })).rejects.toMatchObject({ code: 'PAGE_CAP_REACHED' });
    expect((await reads.read({ page: 3 })).signature).toBe('page 3');
  });

  it('a failed read ahead costs nothing until it is read, and then fails that read', async () => {
    const reads = new WalkPageReads(async () => Promise.reject(new Error('vendor down')), 3, 5);
    reads.readAhead([{ page: 2 }]);
    await new Promise((resolve) => setImmediate(resolve));
    await expect(reads.read({ page: 2 })).rejects.toThrow('vendor down');
  });
});

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
