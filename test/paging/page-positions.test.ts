import { describe, expect, it } from 'vitest';
import type { AdapterDefinition, Pagination, VendorPage } from '../../src/contract/index.js';
import { clampPageSize, firstPosition, nextPosition, previousNumbered } from '../../src/paging/page-positions.js';

/** Only the pagination is read by the stop rules. */
const adapterWith = (pagination: Pagination) => ({ pagination }) as AdapterDefinition;

const PAGE = adapterWith({ kind: 'page', maxPageSize: 10, shortPageEnds: false });
const PAGE_SHORT_ENDS = adapterWith({ kind: 'page', maxPageSize: 10, shortPageEnds: true });
const CURSOR = adapterWith({ kind: 'cursor', maxPageSize: 10 });
const WINDOW = adapterWith({ kind: 'window' });

const records = (count: number) => Array.from({ length: count }, (_, index) => ({ index }));
const page = (count: number, extra: Partial<VendorPage> = {}): VendorPage => ({ records: records(count), ...extra });

describe('firstPosition', () => {
  it('page 1, a null cursor, or nothing for a window', () => {
    expect(firstPosition(PAGE)).toEqual({ page: 1 });
    expect(firstPosition(CURSOR)).toEqual({ cursor: null });
    expect(firstPosition(WINDOW)).toEqual({});
  });
});

describe('nextPosition: page numbers', () => {
  it('a full page goes on to the next number', () => {
    expect(nextPosition(PAGE, { page: 1 }, page(10), 10)).toEqual({ page: 2 });
    expect(nextPosition(PAGE, { page: 7 }, page(10), 10)).toEqual({ page: 8 });
  });

  it('a position without a number counts as page 1', () => {
    expect(nextPosition(PAGE, {}, page(10), 10)).toEqual({ page: 2 });
  });

  it('an empty page ends the walk', () => {
    expect(nextPosition(PAGE, { page: 3 }, page(0), 10)).toBeUndefined();
    expect(nextPosition(PAGE_SHORT_ENDS, { page: 3 }, page(0), 10)).toBeUndefined();
  });

  it('a short page ends the walk only where short pages end', () => {
    expect(nextPosition(PAGE_SHORT_ENDS, { page: 1 }, page(9), 10)).toBeUndefined();
    expect(nextPosition(PAGE_SHORT_ENDS, { page: 1 }, page(10), 10)).toEqual({ page: 2 });
    expect(nextPosition(PAGE, { page: 1 }, page(9), 10)).toEqual({ page: 2 });
    expect(nextPosition(PAGE_SHORT_ENDS, { page: 1 }, page(1), 1)).toEqual({ page: 2 });
  });

  it('the last page by totalPages ends the walk, one before it does not', () => {
    expect(nextPosition(PAGE, { page: 3 }, page(10, { totalPages: 3 }), 10)).toBeUndefined();
    expect(nextPosition(PAGE, { page: 4 }, page(10, { totalPages: 3 }), 10)).toBeUndefined();
    expect(nextPosition(PAGE, { page: 2 }, page(10, { totalPages: 3 }), 10)).toEqual({ page: 3 });
    expect(nextPosition(PAGE, { page: 1 }, page(10, { totalPages: 1 }), 10)).toBeUndefined();
  });

  it('page numbers ignore vendor cursors and hasMore', () => {
    expect(nextPosition(PAGE, { page: 1 }, page(10, { hasMore: false, nextCursor: null }), 10)).toEqual({ page: 2 });
  });
});

describe('nextPosition: vendor cursors', () => {
  it('a new cursor is followed', () => {
    expect(nextPosition(CURSOR, { cursor: null }, page(10, { nextCursor: 'b' }), 10)).toEqual({ cursor: 'b' });
    expect(nextPosition(CURSOR, { cursor: 'a' }, page(3, { nextCursor: 'b', hasMore: true }), 10)).toEqual({ cursor: 'b' });
  });

  it('a short page does not end a cursor walk', () => {
    expect(nextPosition(CURSOR, { cursor: 'a' }, page(1, { nextCursor: 'b' }), 10)).toEqual({ cursor: 'b' });
  });

  it('ends on hasMore false even with a cursor', () => {
    expect(nextPosition(CURSOR, { cursor: 'a' }, page(10, { nextCursor: 'b', hasMore: false }), 10)).toBeUndefined();
  });

  it('ends without a next cursor: absent, null or empty', () => {
    expect(nextPosition(CURSOR, { cursor: 'a' }, page(10), 10)).toBeUndefined();
    expect(nextPosition(CURSOR, { cursor: 'a' }, page(10, { nextCursor: null, hasMore: true }), 10)).toBeUndefined();
    expect(nextPosition(CURSOR, { cursor: 'a' }, page(10, { nextCursor: '', hasMore: true }), 10)).toBeUndefined();
  });

  it('ends on the same cursor again', () => {
    expect(nextPosition(CURSOR, { cursor: 'a' }, page(10, { nextCursor: 'a', hasMore: true }), 10)).toBeUndefined();
  });

  it('ends on an empty page whatever the cursor says', () => {
    expect(nextPosition(CURSOR, { cursor: 'a' }, page(0, { nextCursor: 'b', hasMore: true }), 10)).toBeUndefined();
  });
});

describe('nextPosition: whole window', () => {
  it('one read is the whole walk', () => {
    expect(nextPosition(WINDOW, {}, page(10, { nextCursor: 'b', hasMore: true, totalPages: 9 }), 10)).toBeUndefined();
  });
});

describe('clampPageSize', () => {
  const paged = { pagination: { kind: 'page', maxPageSize: 100, shortPageEnds: true } } as AdapterDefinition;
  const windowed = { pagination: { kind: 'window' } } as AdapterDefinition;

  it('keeps the wanted size within 1 and the declared maxPageSize, whole', () => {
    expect([0, 1, 37.9, 100, 101, 5_000].map((wanted) => clampPageSize(paged, wanted))).toEqual([1, 1, 37, 100, 100, 100]);
  });

  it('leaves a window vendor alone: it has no page size', () => {
    expect(clampPageSize(windowed, 0)).toBe(0);
  });
});

describe('nextPosition: offsets (`from` / `to` index paging)', () => {
  const OFFSET = adapterWith({ kind: 'offset', maxPageSize: 10, shortPageEnds: false });
  const OFFSET_SHORT_ENDS = adapterWith({ kind: 'offset', maxPageSize: 10, shortPageEnds: true });

  it('starts at offset 0', () => {
    expect(firstPosition(OFFSET)).toEqual({ offset: 0 });
  });

  it('goes on from the record after the last one it got, however many that was', () => {
    expect(nextPosition(OFFSET, { offset: 0 }, page(10), 10)).toEqual({ offset: 10 });
    expect(nextPosition(OFFSET, { offset: 20 }, page(7), 10)).toEqual({ offset: 27 });
  });

  it('an empty page ends the walk', () => {
    expect(nextPosition(OFFSET, { offset: 30 }, page(0), 10)).toBeUndefined();
  });

  it('a short page ends the walk only where short pages end', () => {
    expect(nextPosition(OFFSET_SHORT_ENDS, { offset: 0 }, page(9), 10)).toBeUndefined();
    expect(nextPosition(OFFSET_SHORT_ENDS, { offset: 0 }, page(10), 10)).toEqual({ offset: 10 });
  });

  it('the last record by totalRecords ends the walk, not before', () => {
    expect(nextPosition(OFFSET, { offset: 20 }, page(10, { totalRecords: 30 }), 10)).toBeUndefined();
    expect(nextPosition(OFFSET, { offset: 20 }, page(10, { totalRecords: 31 }), 10)).toEqual({ offset: 30 });
  });

  it('numbered positions step back one page at a time, never before the top', () => {
    expect(previousNumbered({ offset: 25 }, 10)).toEqual({ offset: 15 });
    expect(previousNumbered({ offset: 4 }, 10)).toEqual({ offset: 0, size: 4 });
    expect(previousNumbered({ offset: 0 }, 10)).toBeUndefined();
    expect(previousNumbered({ page: 2 }, 10)).toEqual({ page: 1 });
    expect(previousNumbered({ page: 1 }, 10)).toBeUndefined();
    expect(previousNumbered({ cursor: 'c' }, 10)).toBeUndefined();
  });
});
